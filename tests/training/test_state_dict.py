"""Trainer.state_dict() / load_state_dict(): a state taken at an epoch's end continues the run exactly,
with no file in between, and it holds what a version-1 resume.pt holds."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from tests.factories import tiny_config, with_changes
from tui.core.errors import UserError
from tui.core.events import EpochEnded
from tui.runs.resume import CHECKS
from tui.training.trainer import Trainer

TIMING = ("seconds", "elapsed")
# The snapshot keys of every resume.pt written so far (VERSION 1): old files must keep loading.
VERSION_1_KEYS = {"epoch", "global_step", "model", "optimizer", "stopper", "generator", "torch_rng", "numpy_rng",
                  "history_train", "history_val", "diagnosis", "best_model", "elapsed", "data_fingerprint"}


def rows(events) -> list[dict]:
    return [{k: v for k, v in dataclasses.asdict(e).items() if k not in TIMING} for e in events if isinstance(e, EpochEnded)]


def state_at(config, epoch: int) -> tuple[list[dict], dict]:
    """Train until `epoch` ends; that epoch's rows and the state the epoch-end hook copied there."""
    trainer = Trainer(config)
    saved: dict = {}

    def keep(last: bool) -> None:
        if trainer.epoch == epoch:
            saved.update(trainer.state_dict())
            trainer.stop.set()

    trainer.on_epoch_end = keep
    return rows(trainer.run()), saved


def test_a_state_dict_round_trip_continues_the_run_exactly():
    config = with_changes(tiny_config(epochs=8), early_stopping={"patience": 20})
    whole = rows(Trainer(config).run())
    head, state = state_at(config, 3)
    assert state["epoch"] == 3
    resumed = Trainer(config)
    resumed.setup()
    resumed.load_state_dict(state)
    assert resumed.start_epoch == 3
    assert head + rows(resumed.run()) == whole


def test_a_state_dict_is_a_copy_that_training_does_not_change():
    _, state = state_at(tiny_config(epochs=8), 2)
    kept = {k: v.clone() for k, v in state["model"].items()}
    trainer = Trainer(tiny_config(epochs=8))
    trainer.setup()
    trainer.load_state_dict(state)
    list(trainer.run())
    assert all(torch.equal(state["model"][k], kept[k]) for k in kept)


def test_the_state_holds_what_a_version_1_resume_file_holds():
    _, state = state_at(tiny_config(epochs=4), 2)
    assert set(state) >= VERSION_1_KEYS  # a new piece of state may add a key (loaded only when a file has it) ...
    assert set(CHECKS) == VERSION_1_KEYS  # ... but requiring one would refuse every file written before it
    assert set(state["diagnosis"]) == {"announced", "_pending", "_held", "_lowest"}  # the tracker's attribute names, as saved


def test_a_state_of_other_data_or_another_network_is_refused_with_the_resume_messages():
    _, state = state_at(tiny_config(epochs=4), 2)
    other_data = Trainer(with_changes(tiny_config(epochs=4), data={"noise": 0.3}))
    other_data.setup()
    with pytest.raises(UserError, match="the data differ"):
        other_data.load_state_dict(state)
    bigger = Trainer(with_changes(tiny_config(epochs=4), model={"hidden": [9]}))
    bigger.setup()
    with pytest.raises(UserError, match="does not fit this run's model or optimizer"):
        bigger.load_state_dict(state)


def test_the_learning_rate_of_the_config_wins_and_moves_the_divergence_reference():
    _, state = state_at(tiny_config(epochs=6), 3)
    same = Trainer(tiny_config(epochs=6))
    same.setup()
    same.load_state_dict(state)
    assert same.divergence_reference == 0
    lower = Trainer(tiny_config(epochs=6, lr=0.01))
    lower.setup()
    lower.load_state_dict(state)
    assert [g["lr"] for g in lower.optimizer.param_groups] == [0.01]
    assert lower.divergence_reference == 3
