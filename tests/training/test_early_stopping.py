"""Early stopping as docs/DESIGN.md §Early stopping pins it, and restore-best on every exit path."""

from __future__ import annotations

import threading

import pytest
import torch

from tests.factories import tiny_iris
from tui.core.events import EpochEnded
from tui.runs.weights import load_weights
from tui.training.early_stopping import EarlyStopping

from .helpers import events_of, of_kind


def test_first_value_always_improves_and_resets_wait():
    stopper = EarlyStopping("val_loss", "min", patience=3)
    decision = stopper.update(1, 0.7)
    assert (decision.improved, decision.previous, decision.wait, decision.stop) == (True, None, 0, False)


def test_a_new_stopper_has_no_best_and_a_first_nan_counts_as_a_wait():
    stopper = EarlyStopping("val_loss", "min", patience=3)
    assert (stopper.best, stopper.best_epoch, stopper.wait) == (None, None, 0)
    decision = stopper.update(1, float("nan"))
    assert (decision.improved, decision.previous, decision.wait, decision.stop) == (False, None, 1, False)
    assert stopper.best_epoch is None


def test_a_non_improvement_reports_the_best_so_far():
    stopper = EarlyStopping("val_loss", "min", patience=3)
    stopper.update(1, 0.5)
    decision = stopper.update(2, 0.75)
    assert (decision.improved, decision.previous, decision.wait, decision.stop) == (False, 0.5, 1, False)


def test_state_dict_round_trips_with_the_checkpoints_keys():
    # The keys are the checkpoint format: a resumed run reads them back from disk.
    stopper = EarlyStopping("val_loss", "min", patience=3)
    stopper.update(1, 0.5)
    stopper.update(2, 0.75)
    state = stopper.state_dict()
    assert state == {"best": 0.5, "best_epoch": 1, "wait": 1}
    resumed = EarlyStopping("val_loss", "min", patience=3)
    resumed.load_state_dict(state)
    assert (resumed.best, resumed.best_epoch, resumed.wait) == (0.5, 1, 1)
    assert resumed.update(3, 0.75).stop is False and resumed.update(4, 0.75).stop is True


def test_wait_counts_epochs_without_improvement_and_stops_at_patience():
    stopper = EarlyStopping("val_loss", "min", patience=2)
    stopper.update(1, 0.5)
    first = stopper.update(2, 0.6)
    second = stopper.update(3, 0.55)
    assert (first.wait, first.stop) == (1, False)
    assert (second.wait, second.stop) == (2, True)
    assert (stopper.best, stopper.best_epoch) == (0.5, 1)


def test_improvement_must_beat_best_by_more_than_min_delta():
    stopper = EarlyStopping("val_loss", "min", patience=5, min_delta=0.1)
    stopper.update(1, 1.0)
    assert not stopper.update(2, 0.9).improved  # exactly min_delta better: not enough
    assert stopper.update(3, 0.89).improved
    assert stopper.wait == 0


def test_max_mode_for_accuracy():
    stopper = EarlyStopping("val_accuracy", "max", patience=1)
    stopper.update(1, 0.8)
    assert stopper.update(2, 0.85).improved
    assert stopper.update(3, 0.84).stop


def test_max_mode_improvement_must_beat_best_by_more_than_min_delta():
    # Binary-exact numbers: 0.5 + 0.25 is exactly 0.75.
    stopper = EarlyStopping("val_accuracy", "max", patience=5, min_delta=0.25)
    stopper.update(1, 0.5)
    assert not stopper.update(2, 0.625).improved  # better, but by less than min_delta
    assert not stopper.update(3, 0.75).improved  # exactly min_delta better: not enough
    assert not stopper.update(4, 0.375).improved  # worse
    assert stopper.update(5, 0.8125).improved
    assert (stopper.best, stopper.best_epoch, stopper.wait) == (0.8125, 5, 0)


def test_nan_never_improves():
    stopper = EarlyStopping("val_loss", "min", patience=3)
    stopper.update(1, 0.5)
    assert not stopper.update(2, float("nan")).improved


def test_patience_zero_tracks_best_but_never_stops():
    stopper = EarlyStopping("val_loss", "min", patience=0)
    stopper.update(1, 0.1)
    assert not any(stopper.update(e, 1.0).stop for e in range(2, 50))


def overfitting_config(**training):
    # A wide network, few examples, high lr: validation loss turns up quickly.
    return tiny_iris(
        data={"dataset": "iris", "val_split": 0.5},
        model={"hidden": [64, 64]},
        training={"lr": 0.05, "batch_size": 8, "epochs": 200, **training},
        early_stopping={"monitor": "val_loss", "patience": 5, "restore_best": True},
    )


def test_run_stops_early_and_restores_the_best_weights(tmp_path):
    from tui.runs.recorder import record
    from tui.training.trainer import Trainer

    trainer = Trainer(overfitting_config())
    events = list(record(trainer, tmp_path / "run"))
    stop = of_kind(events, "early_stop")[0]
    finished = events[-1]
    assert finished.reason == "early_stop" and finished.restored_best
    zero, *epochs = of_kind(events, "epoch")
    assert zero.epoch == 0  # the untrained model: a curve's first point, not a training epoch patience counts
    assert stop.epoch == len(epochs) < 200
    assert stop.epoch - stop.best_epoch == 5  # patience epochs without improvement
    best = min(epochs, key=lambda e: e.val_loss)
    assert (stop.best_epoch, stop.best) == (best.epoch, pytest.approx(best.val_loss))
    saved = load_weights(tmp_path / "run" / "best.safetensors")
    for name, tensor in trainer.model.state_dict().items():
        assert torch.equal(tensor, saved[name])
    # The notices tick up to patience after the best epoch.
    ticks = [e.wait for e in of_kind(events, "patience") if e.epoch > stop.best_epoch]
    assert ticks == [1, 2, 3, 4, 5]


def test_user_stop_restores_best_too():
    from tui.training.trainer import Trainer

    stop = threading.Event()
    cfg = overfitting_config()
    cfg = cfg.model_copy(update={"early_stopping": cfg.early_stopping.model_copy(update={"patience": 100})})
    trainer = Trainer(cfg, stop=stop)
    events = []
    for event in trainer.run():
        events.append(event)
        if isinstance(event, EpochEnded) and event.epoch == 6:
            stop.set()
    finished = events[-1]
    assert finished.reason == "stopped" and finished.restored_best
    assert finished.epochs == 6
    assert trainer.best_state is not None
    for name, tensor in trainer.model.state_dict().items():
        assert torch.equal(tensor, trainer.best_state[name])


def test_restore_best_false_keeps_the_last_weights(tmp_path):
    from tui.training.trainer import Trainer

    cfg = overfitting_config()
    cfg = cfg.model_copy(update={"early_stopping": cfg.early_stopping.model_copy(update={"restore_best": False})})
    trainer = Trainer(cfg)
    events = list(trainer.run())
    finished = events[-1]
    assert finished.reason == "early_stop" and not finished.restored_best
    # The run stopped patience epochs after its best: the last weights are not the best ones, and are kept.
    assert trainer.best_state is not None and finished.best_epoch < finished.epochs
    state = trainer.model.state_dict()
    assert any(not torch.equal(tensor, trainer.best_state[name]) for name, tensor in state.items())


def test_improved_events_carry_previous_best_and_the_saved_path(tmp_path):
    events = events_of(tiny_iris(training={"epochs": 4}), run_dir=tmp_path / "r")
    improved = of_kind(events, "improved")
    assert improved[0].previous is None
    assert improved[0].path == str(tmp_path / "r" / "best.safetensors")
    for before, after in zip(improved, improved[1:]):
        assert after.previous == pytest.approx(before.current)
