"""The folded "Regularization and schedule" section of the form: its fields reach the config."""

from __future__ import annotations

from tests.factories import IRIS
from tui.app.form_fields import field_shown, form_to_raw
from tui.core.config import validate_config


def test_the_knobs_fields_become_the_config():
    values = {"model.dropout": "0.3", "training.weight_decay": "0.01", "training.grad_clip": "1",
              "model.weight_init": "he", "training.schedule.kind": "step", "training.schedule.step_size": "5",
              "training.schedule.gamma": "", "training.schedule.t_max": "7", "training.schedule.eta_min": ""}
    config = validate_config(form_to_raw(IRIS, values))
    assert (config.model.dropout, config.training.weight_decay, config.training.grad_clip, config.model.weight_init) == (0.3, 0.01, 1, "he")
    schedule = config.training.schedule
    assert (schedule.kind, schedule.step_size, schedule.gamma, schedule.t_max) == ("step", 5, None, None), "t_max is cosine's: dropped"


def test_a_schedule_parameter_shows_only_for_the_kinds_that_take_it():
    assert field_shown("training.schedule.gamma", {"training.schedule.kind": "exponential"})
    assert not field_shown("training.schedule.gamma", {"training.schedule.kind": "cosine"})
    assert field_shown("training.schedule.eta_min", {"training.schedule.kind": "cosine"})
    assert not field_shown("training.schedule.step_size", {"training.schedule.kind": "constant"})
