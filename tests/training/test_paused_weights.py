"""A pause sends a tiny network's weights (as model.init writes them) and the steps taken, so the app can derive
the next step; a larger network's pause sends none."""

from __future__ import annotations

import pytest

from tests.factories import tiny_iris
from tui.core.config import config_to_dict, load_config, validate_config
from tui.core.events import Paused, StepTraced
from tui.core.presets import resolve_preset
from tui.training.derivation import Explainer
from tui.training.trainer import Trainer


def first_pause(trainer: Trainer, after_step: int) -> Paused:
    for event in trainer.run():
        if isinstance(event, StepTraced) and event.step == after_step:
            trainer.pause.set()
        if isinstance(event, Paused) and event.paused:
            trainer.stop.set()
            return event
    raise AssertionError("the run never paused")


def test_the_pause_carries_the_weights_after_the_steps_taken():
    config = load_config(resolve_preset("worked-example"))  # traced: a StepTraced after each step
    paused = first_pause(Trainer(config), after_step=2)
    assert paused.step == 2
    derived = Explainer(config).explain(2).steps[-1]  # the second step's update, in float64
    by_place = {(u.layer, u.row, u.column): u.new for u in derived.updates}
    for i, layer in enumerate(paused.weights, start=1):
        for r, row in enumerate(layer["weight"]):
            assert row == pytest.approx([by_place[(i, r, c)] for c in range(len(row))], abs=1e-6)
        assert layer["bias"] == pytest.approx([by_place[(i, None, c)] for c in range(len(layer["bias"]))], abs=1e-6)
    # and from those weights, explain's step 3 is the run's step 3
    again = Explainer(config).explain(3).steps[-1]
    raw = config_to_dict(config)
    raw["model"]["init"] = paused.weights
    resumed = Explainer(validate_config(raw)).explain(1, first=3).steps[0]
    assert resumed.step == 3
    assert resumed.batch_loss == pytest.approx(again.batch_loss, rel=1e-6)


def test_a_larger_network_pauses_without_weights():
    config = tiny_iris(model={"hidden": [16]})  # 4-16-3: 131 parameters
    trainer = Trainer(config)
    for event in trainer.run():
        if event.kind == "progress" or (event.kind == "epoch" and event.epoch >= 1):
            trainer.pause.set()
        if isinstance(event, Paused) and event.paused:
            trainer.stop.set()
            assert event.weights is None and event.step >= 1
            return
    raise AssertionError("the run never paused")
