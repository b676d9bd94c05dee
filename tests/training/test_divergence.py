"""Divergence, both ways (a non-finite loss, a loss past divergence_factor × its first value): the run stops
with the reason and a concrete suggestion, and the best weights on disk stay finite and unchanged."""

from __future__ import annotations

import math

import pytest
import torch

import tui.runs.recorder as recorder_module
from tests.factories import exploding_config
from tui.core.config import validate_config
from tui.core.events import Diverged, EpochEnded, Finished, Improved
from tui.runs.recorder import record
from tui.runs.weights import load_weights
from tui.training.trainer import Trainer

WAYS = {
    "past the bound": (2.5, 100.0, "exploded to", "over 100× its first value"),
    "not finite": (1e6, 1e300, "no longer a finite number", "NaN or inf"),
}


@pytest.mark.parametrize("lr, factor, what, detail", list(WAYS.values()), ids=list(WAYS))
def test_divergence_stops_with_the_reason_and_a_suggestion(tmp_path, monkeypatch, lr, factor, what, detail):
    monkeypatch.setattr(recorder_module, "BEST_EVERY_SECONDS", 0.0)  # the best file is written at each improvement
    run_dir = tmp_path / "run"
    trainer = Trainer(exploding_config(lr, factor))
    best_bytes_after_improvement = None
    best_in_memory = None
    events = []
    for event in record(trainer, run_dir):
        events.append(event)
        if isinstance(event, Improved):
            best_bytes_after_improvement = (run_dir / "best.safetensors").read_bytes()
            best_in_memory = {k: v.clone() for k, v in trainer.model.state_dict().items()}
    diverged = [e for e in events if isinstance(e, Diverged)]
    finished = events[-1]
    assert isinstance(finished, Finished) and finished.reason == "diverged"
    assert len(diverged) == 1 and finished.epochs == diverged[0].epoch
    epochs = [e for e in events if isinstance(e, EpochEnded)]
    assert len(epochs) < 60
    if what == "exploded to":
        assert all(math.isfinite(e.train_loss) for e in epochs), "the bound must stop it before the loss overflows"
        assert epochs[-1].train_loss > 100 * epochs[0].train_loss
    message = diverged[0].message
    assert what in message and detail in message
    assert f"try training.lr = {lr / 10:g}" in message, "a concrete lower learning rate: 10× lower"
    assert "smaller batch than 160" in message
    assert finished.message == message
    # The best weights on disk are the ones saved at the improvement, byte for byte, and finite.
    assert best_bytes_after_improvement is not None
    assert (run_dir / "best.safetensors").read_bytes() == best_bytes_after_improvement
    on_disk = load_weights(run_dir / "best.safetensors")
    assert all(torch.isfinite(t).all() for t in on_disk.values())
    assert all(torch.equal(on_disk[k], best_in_memory[k]) for k in best_in_memory)
    # restore_best: the model the run hands back is the best one, not the blown-up one.
    assert finished.restored_best
    assert all(torch.equal(trainer.model.state_dict()[k], best_in_memory[k]) for k in best_in_memory)


def test_a_single_example_batch_is_not_told_to_shrink_its_batch():
    config = validate_config({
        "seed": 3, "data": {"dataset": "linear", "n_samples": 10, "val_split": 0.2}, "model": {"hidden": []},
        "training": {"loss": "mse", "optimizer": "sgd", "lr": 1e6, "batch_size": 1, "epochs": 30, "device": "cpu"},
    })
    finished = list(Trainer(config).run())[-1]
    assert finished.reason == "diverged"
    assert "try training.lr = 100000" in finished.message and "smaller batch" not in finished.message


def test_headless_prints_the_suggestion(capsys, tmp_path):
    import tomli_w

    from tui.cli import main
    from tui.core.config import config_to_dict

    preset = tmp_path / "explode.toml"
    preset.write_text(tomli_w.dumps(config_to_dict(exploding_config(2.5, 100.0))), encoding="utf-8")
    assert main(["train", str(preset), "--no-save"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "exploded to" in out and "try training.lr = 0.25" in out


def test_a_diverged_run_resumes_from_its_last_finite_state_with_a_lower_learning_rate(tmp_path, monkeypatch):
    from tui.runs.resume import read_checkpoint, resume_config

    monkeypatch.setattr(recorder_module, "SNAPSHOT_EVERY_SECONDS", 0.0)  # a snapshot at every finite epoch's end
    run_dir = tmp_path / "run"
    diverged = list(record(Trainer(exploding_config(2.5, 100.0)), run_dir))[-1]
    assert diverged.reason == "diverged"
    last_finite = read_checkpoint(run_dir)["epoch"]
    assert 1 <= last_finite < diverged.epochs
    resumed = list(record(Trainer(resume_config(run_dir, ["training.lr=0.1"])), run_dir, resume=True))
    assert resumed[-1].reason == "completed"
    epochs = [e for e in resumed if isinstance(e, EpochEnded)]
    assert epochs[0].epoch == last_finite + 1 and all(math.isfinite(e.train_loss) for e in epochs)
    assert epochs[-1].train_loss < epochs[0].train_loss


def test_a_run_that_blows_up_inside_its_first_epoch_stops_there_not_at_the_epochs_end():
    # 160 steps an epoch at lr 1e6: the loss is no longer finite after a few steps. The check at each progress
    # tick (every step here) must stop the run there, not let it finish the epoch on NaN weights.
    config = validate_config({
        "seed": 3, "data": {"dataset": "linear", "n_samples": 200, "val_split": 0.2}, "model": {"hidden": []},
        "training": {"loss": "mse", "optimizer": "sgd", "lr": 1e6, "batch_size": 1, "epochs": 5, "device": "cpu"},
    })
    events = list(Trainer(config, progress_interval=0.0).run())
    started = events[0]
    diverged = [e for e in events if isinstance(e, Diverged)]
    finished = events[-1]
    assert isinstance(finished, Finished) and finished.reason == "diverged" and finished.epochs == 1
    assert len(diverged) == 1 and diverged[0].epoch == 1 and "no longer a finite number" in diverged[0].message
    assert diverged[0].step < started.steps_per_epoch == 160
    assert [e.epoch for e in events if isinstance(e, EpochEnded)] == [0]  # only the untrained model's epoch 0
