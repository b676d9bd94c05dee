"""The [tune] section: what it accepts, what each parameter becomes, and the errors that name the key."""

from __future__ import annotations

import tomllib

import pytest

from tests.factories import tune_config, tune_raw
from tui.core.config import validate_config
from tui.core.errors import ConfigError
from tui.core.tune_space import ChoiceParam, FloatParam, IntParam, parse_tune, with_params


def spec_of(tune: dict):
    return parse_tune(tune_config(tune))


def error_of(tune: dict, **sections) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_tune(tune_config(tune, **sections))
    return str(caught.value)


def test_toml_dotted_keys_become_one_parameter_each():
    text = """
    [tune]
    trials = 7
    training.lr = {low = 1e-4, high = 1.0, log = true}
    training.epochs = {low = 2, high = 10, step = 2}
    model.hidden = [[8], [16, 16], [32, 32]]
    training.optimizer = ["sgd", "adam"]
    "training.momentum" = {low = 0, high = 0.9}
    """
    spec = parse_tune(tune_config(tomllib.loads(text)["tune"]))
    by_key = {p.key: p for p in spec.params}
    assert spec.trials == 7
    assert by_key["training.lr"] == FloatParam("training.lr", 1e-4, 1.0, log=True)
    assert by_key["training.epochs"] == IntParam("training.epochs", 2, 10, step=2)
    assert by_key["model.hidden"] == ChoiceParam("model.hidden", ([8], [16, 16], [32, 32]))
    assert by_key["training.optimizer"].choices == ("sgd", "adam")
    # A float field with whole-number bounds still searches floats.
    assert by_key["training.momentum"] == FloatParam("training.momentum", 0.0, 0.9)


def test_defaults_follow_the_early_stopping_monitor_and_its_direction():
    assert spec_of({"training": {"lr": [0.1, 0.01]}}).objective == "val_loss"
    assert spec_of({"training": {"lr": [0.1, 0.01]}}).direction == "minimize"
    spec = parse_tune(tune_config({"training": {"lr": [0.1]}}, early_stopping={"monitor": "val_accuracy", "patience": 3}))
    assert (spec.objective, spec.direction) == ("val_accuracy", "maximize")
    assert spec.pruner == "median" and spec.sampler == "tpe"
    assert spec_of({"objective": "val_f1", "training": {"lr": [0.1]}}).direction == "maximize"


def test_no_validation_split_means_the_training_loss_is_the_objective():
    spec = parse_tune(tune_config({"training": {"lr": [0.1]}}, data={"val_split": 0.0}))
    assert spec.objective == "train_loss"


def test_list_choices_round_trip_through_optunas_plain_values():
    param = ChoiceParam("model.hidden", ([8], [16, 16]))
    assert param.label([16, 16]) == "[16, 16]"
    assert param.decode("[16, 16]") == [16, 16]
    plain = ChoiceParam("training.optimizer", ("sgd", "adam"))
    assert plain.label("adam") == "adam" and plain.decode("adam") == "adam"


def test_no_tune_section_is_none():
    assert parse_tune(validate_config(tune_raw(tune=None))) is None


@pytest.mark.parametrize(
    ("tune", "expected"),
    [
        ({"training": {"lrr": [0.1]}}, "tune.training.lrr: unknown config key (did you mean 'lr'?)"),
        ({"trainig": {"lr": [0.1]}}, "tune.trainig: unknown setting or config section (did you mean 'training'?)"),
        ({"training.lr": [0.1], "traisl": 3}, "tune.traisl: unknown setting"),
        ({"training": {"lr": {"low": 1.0, "high": 1e-4}}}, "tune.training.lr: low (1.0) must be less than high (0.0001)"),
        ({"training": {"lr": {"low": 0.1, "high": 0.1}}}, "low (0.1) must be less than high (0.1)"),
        ({"training": {"momentum": {"low": 0, "high": 0.9, "log": True}}}, "tune.training.momentum: a log scale needs low > 0"),
        ({"model": {"hidden": []}}, "tune.model.hidden: the list of choices is empty"),
        ({"training": {"lr": {"low": "small", "high": 1.0}}}, "tune.training.lr.low: must be a finite number (got 'small')"),
        ({"training": {"lr": {"low": True, "high": 1.0}}}, "tune.training.lr.low: must be a finite number"),
        ({"training": {"lr": {"high": 1.0}}}, "needs both 'low' and 'high' (missing 'low')"),
        ({"training": {"lr": {"low": 1e-3, "high": 1.0, "lg": True}}}, "tune.training.lr: unknown range key 'lg' (did you mean 'log'?)"),
        ({"training": {"lr": {"low": 1e-3, "high": 1.0, "log": "yes"}}}, "tune.training.lr.log: must be true or false"),
        ({"training": {"lr": {"low": 1e-3, "high": 1.0, "log": True, "step": 0.1}}}, "use either log or step, not both"),
        ({"training": {"epochs": {"low": 1.5, "high": 9}}}, "tune.training.epochs: training.epochs takes whole numbers"),
        ({"training": {"lr": 0.1}}, "tune.training.lr: give a range {low = ..., high = ...} or a list of choices (got 0.1)"),
        (
            {"training": {"optimizer": ["sgd", "adm"]}},
            "tune.training.optimizer: \"adm\" is not allowed: training.optimizer: unknown optimizer 'adm'",
        ),
        ({"training": {"lr": {"low": 0, "high": 1.0}}}, "tune.training.lr: 0.0 is not allowed: training.lr:"),
        ({"model": {"hidden": [[8], [0]]}}, "tune.model.hidden: [0] is not allowed"),
        ({"training": {"optimizer": ["sgd", "sgd"]}}, "the choice \"sgd\" is listed twice"),
        ({"trials": 0, "training": {"lr": [0.1]}}, "tune.trials: must be a whole number >= 1 (got 0)"),
        ({"pruner": "medain", "training": {"lr": [0.1]}}, "tune.pruner: unknown pruner 'medain' (did you mean 'median'?)"),
        ({"objective": "val_mae", "training": {"lr": [0.1]}}, "tune.objective: 'val_mae' is for regression"),
        ({"trials": 3}, "tune: no search space"),
    ],
)
def test_bad_sections_name_the_key_and_what_is_allowed(tune, expected):
    assert expected in error_of(tune)


def test_a_loss_that_does_not_fit_the_task_is_refused_up_front():
    assert "tune.training.loss: \"mse\" is not allowed: training.loss: 'mse' is a regression loss" in error_of(
        {"training": {"loss": ["cross_entropy", "mse"]}}
    )


def test_choices_that_need_another_searched_key_are_left_to_each_trial():
    # nesterov needs sgd with momentum: fine as a search, refused (per trial) only for bad combinations.
    spec = spec_of({"training": {"nesterov": [True, False], "optimizer": ["sgd"], "momentum": [0.9]}})
    assert [p.key for p in spec.params] == ["training.nesterov", "training.optimizer", "training.momentum"]


def test_with_params_applies_values_and_validates():
    config = tune_config()
    tuned = with_params(config, {"training.lr": 0.2, "model.hidden": [16, 16]}, name="tiny-trial3", keep_tune=False)
    assert (tuned.training.lr, tuned.model.hidden, tuned.name, tuned.tune) == (0.2, [16, 16], "tiny-trial3", None)
    assert with_params(config, {"training.lr": 0.2}).tune == config.tune
    with pytest.raises(ConfigError, match="nesterov needs optimizer 'sgd'"):
        with_params(config, {"training.nesterov": True})
