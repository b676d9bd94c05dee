"""Divergence, determinism and failures: a run says why it ended and keeps the best weights."""

from __future__ import annotations

import math

import pytest
import torch

from tests.factories import tiny_iris
from tui.core.errors import ConfigError

from .helpers import events_of, of_kind


def diverging_config():
    return tiny_iris(
        data={"dataset": "diabetes", "val_split": 0.2},
        model={"hidden": [32]},
        training={"loss": "mse", "optimizer": "sgd", "lr": 5.0, "batch_size": 8, "epochs": 50},
    )


def test_a_huge_learning_rate_diverges_with_a_reason_and_a_suggestion(tmp_path):
    events = events_of(diverging_config(), run_dir=tmp_path / "run")
    diverged = of_kind(events, "diverged")
    assert len(diverged) == 1
    assert "training.lr = 0.5" in diverged[0].message
    finished = events[-1]
    assert finished.reason == "diverged"
    assert len(of_kind(events, "epoch")) < 50


def test_same_seed_same_losses_on_cpu():
    cfg = tiny_iris(training={"epochs": 3})
    first = [e.train_loss for e in of_kind(events_of(cfg), "epoch")]
    second = [e.train_loss for e in of_kind(events_of(cfg), "epoch")]
    assert first == second
    other = [e.train_loss for e in of_kind(events_of(tiny_iris(seed=8, training={"epochs": 3})), "epoch")]
    assert other != first


def test_classification_metrics_are_fractions_and_regression_has_mae():
    epoch = of_kind(events_of(tiny_iris(training={"epochs": 1})), "epoch")[0]
    assert 0 <= epoch.train_accuracy <= 1 and 0 <= epoch.val_accuracy <= 1 and 0 <= epoch.val_f1 <= 1
    assert epoch.val_mae is None
    reg = tiny_iris(data={"dataset": "diabetes"}, training={"loss": "mse", "epochs": 1})
    epoch = of_kind(events_of(reg), "epoch")[0]
    assert epoch.train_accuracy is None and epoch.val_mae > 0 and math.isfinite(epoch.val_mae)


def test_trace_is_refused_for_networks_that_are_not_tiny():
    cfg = tiny_iris(model={"hidden": [64]}, training={"trace": True})
    with pytest.raises(ConfigError, match="training.trace"):
        events_of(cfg)


def test_a_bug_inside_training_ends_the_run_as_failed_with_the_traceback_saved(tmp_path, monkeypatch):
    from tui.training import trainer as trainer_module

    def broken(self, epoch):
        raise RuntimeError("boom")

    monkeypatch.setattr(trainer_module.Trainer, "_end_epoch", broken)
    events = events_of(tiny_iris(), run_dir=tmp_path / "run")
    finished = events[-1]
    assert finished.reason == "failed" and "boom" in finished.message
    assert "RuntimeError: boom" in (tmp_path / "run" / "error.log").read_text()


def test_binary_losses_train_on_a_two_class_problem():
    for loss in ("bce", "hinge", "cross_entropy"):
        cfg = tiny_iris(data={"dataset": "breast_cancer"}, training={"loss": loss, "epochs": 3, "lr": 0.01})
        last = of_kind(events_of(cfg), "epoch")[-1]
        assert last.val_accuracy > 0.85, loss


def test_bce_on_three_classes_is_refused_with_the_alternative():
    with pytest.raises(ConfigError, match="cross_entropy"):
        events_of(tiny_iris(training={"loss": "bce"}))


def test_out_of_memory_is_reported_with_the_batch_size_and_a_suggestion(tmp_path, monkeypatch):
    from tui.training import trainer as trainer_module

    calls = {"n": 0}
    real_loss = trainer_module.Objective.loss

    def loss_that_runs_out_of_memory(self, out, target):
        calls["n"] += 1
        if calls["n"] > 3:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real_loss(self, out, target)

    monkeypatch.setattr(trainer_module.Objective, "loss", loss_that_runs_out_of_memory)
    events = events_of(tiny_iris(training={"batch_size": 16}), run_dir=tmp_path / "run")
    finished = events[-1]
    assert finished.reason == "failed"
    assert "out of memory with batch size 16" in finished.message and "batch_size" in finished.message
