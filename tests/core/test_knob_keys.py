"""Sweeps and tune spaces accept the training knobs' keys, a schedule's own keys included."""

from __future__ import annotations

from tests.factories import IRIS, merged, tune_config
from tui.core.config import validate_config
from tui.core.sweep_spec import sweep_runs
from tui.core.tune_space import parse_tune


def test_a_sweep_over_the_schedule_kind_or_dropout():
    runs = sweep_runs(validate_config(merged(IRIS, sweep={"training.schedule.kind": ["constant", "cosine"]})))
    assert [r.config.training.schedule.kind for r in runs] == ["constant", "cosine"]
    runs = sweep_runs(validate_config(merged(IRIS, sweep={"model.dropout": [0.0, 0.5]})))
    assert [r.config.model.dropout for r in runs] == [0.0, 0.5]


def test_a_tune_space_over_weight_decay_dropout_grad_clip_and_schedule_kind():
    spec = parse_tune(tune_config({
        "trials": 2,
        "training": {"weight_decay": {"low": 1e-5, "high": 0.1, "log": True}, "grad_clip": {"low": 0.1, "high": 5.0}},
        "model": {"dropout": {"low": 0.0, "high": 0.5}, "weight_init": ["he", "xavier"]},
        "training.schedule.kind": ["constant", "cosine", "one_cycle"],
    }))
    assert spec is not None
    assert {p.key for p in spec.params} == {
        "training.weight_decay", "training.grad_clip", "model.dropout", "model.weight_init", "training.schedule.kind",
    }


def test_a_tune_space_offering_a_schedule_kind_that_needs_a_parameter_is_refused_unless_it_is_there():
    import pytest

    from tui.core.errors import ConfigError

    with pytest.raises(ConfigError, match=r"tune.training.schedule.kind: \"step\" is not allowed: .*needs 'step_size'"):
        parse_tune(tune_config({"trials": 2, "training.schedule.kind": ["constant", "step"]}))
    given = merged(IRIS, training={"schedule": {"kind": "step", "step_size": 5}})
    assert parse_tune(validate_config(merged(given, tune={"trials": 2, "training.schedule.kind": ["step"]}))) is not None
    searched_beside = {"trials": 2, "training.schedule.kind": ["constant", "step"],
                       "training.schedule.step_size": {"low": 2, "high": 5}}
    assert parse_tune(tune_config(searched_beside)) is not None  # the pair is checked per trial
