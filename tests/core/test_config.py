"""Strict config validation: every refusal names the key and says what is allowed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.config import apply_overrides, config_to_dict, load_config, parse_override, validate_config
from tui.core.errors import ConfigError


@pytest.mark.parametrize(
    "raw, expected",
    [
        ({"training": {"lr": float("inf")}}, "training.lr: Input should be a finite number"),
        ({"training": {"lr": float("nan")}}, "training.lr"),
        ({"training": {"lr": 0}}, "training.lr: Input should be greater than 0"),
        ({"training": {"lr": -0.1}}, "training.lr"),
        ({"training": {"lr": "fast"}}, "training.lr: must be a number"),
        ({"training": {"batch_size": True}}, "training.batch_size: must be a whole number >= 1 or 'full'"),
        ({"training": {"batch_size": 0}}, "training.batch_size"),
        ({"training": {"batch_size": "all"}}, "training.batch_size"),
        ({"training": {"epochs": 0}}, "training.epochs"),
        ({"training": {"loss": "crossentropy"}}, "did you mean 'cross_entropy'"),
        ({"training": {"optimizer": "adamm"}}, "did you mean 'adam'"),
        ({"training": {"optimizer": "lbfgs"}}, "allowed: sgd, adam, adamw, rmsprop, adagrad"),
        ({"training": {"device": "tpu"}}, "training.device: unknown device"),
        ({"training": {"nesterov": True}}, "nesterov needs optimizer 'sgd' with momentum > 0"),
        ({"model": {"hidden": [8, 0]}}, "model.hidden.1"),
        ({"model": {"hidden": 8}}, "model.hidden"),
        ({"model": {"activation": "rellu"}}, "did you mean 'relu'"),
        ({"data": {"datset": "iris"}}, "data.datset: unknown key (did you mean 'dataset'?)"),
        ({"trainig": {}}, "trainig: unknown key (did you mean 'training'?)"),
        ({"data": {"dataset": "mnist"}}, "unknown dataset 'mnist'"),
        ({"data": {"dataset": "csv"}}, "needs both 'path'"),
        ({"data": {"val_split": 1.0}}, "data.val_split"),
        ({"early_stopping": {"patience": -1}}, "early_stopping.patience"),
        ({"early_stopping": {"monitor": "val_acc"}}, "did you mean 'val_accuracy'"),
        (
            {"data": {"dataset": "diabetes"}, "training": {"loss": "cross_entropy"}},
            "training.loss: 'cross_entropy' is a classification loss",
        ),
        ({"training": {"loss": "mse"}}, "training.loss: 'mse' is a regression loss"),
        ({"data": {"val_split": 0.0}, "early_stopping": {"patience": 3}}, "needs a validation split"),
        ({"name": "../../etc"}, "name: must be"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_refusals_name_the_key(raw, expected):
    with pytest.raises(ConfigError) as error:
        validate_config(raw)
    assert expected in str(error.value)


def test_defaults_are_valid_and_round_trip_through_plain_data():
    cfg = validate_config({"training": {"batch_size": "full", "lr": 1}})
    assert cfg.training.lr == 1.0 and cfg.training.batch_size == "full"
    assert validate_config(config_to_dict(cfg)) == cfg


def test_linear_is_an_alias_for_identity():
    assert validate_config({"model": {"activation": "linear"}}).model.activation == "identity"


@pytest.mark.parametrize(
    "text, key, value",
    [
        ("training.lr=0.01", "training.lr", 0.01),
        ("model.hidden=[64,64]", "model.hidden", [64, 64]),
        ("training.batch_size=full", "training.batch_size", "full"),
        ('training.batch_size="full"', "training.batch_size", "full"),
        ("training.trace=true", "training.trace", True),
    ],
)
def test_set_values_are_read_as_toml(text, key, value):
    assert parse_override(text) == (key, value)


@pytest.mark.parametrize("text, expected", [("training.lr", "expected KEY=VALUE"), ("=3", "malformed"), ("training.lr=inf", "finite")])
def test_bad_set_is_refused(text, expected):
    with pytest.raises(ConfigError, match=expected):
        parse_override(text)


def test_set_of_an_unknown_key_is_refused_by_validation():
    raw = apply_overrides({}, ["training.epoch=3"])
    with pytest.raises(ConfigError, match=r"training.epoch: unknown key \(did you mean 'epochs'\?\)"):
        validate_config(raw)


def test_set_of_a_whole_section_changes_its_keys_and_keeps_the_rest():
    raw = {"training": {"lr": 1.0, "epochs": 5}, "sweep": {"training.lr": [0.1, 1.0]}}
    merged = apply_overrides(raw, ["training={lr=0.1, batch_size=8}", 'sweep={"training.optimizer"=["sgd", "adam"]}'])
    assert merged["training"] == {"lr": 0.1, "epochs": 5, "batch_size": 8}
    assert merged["sweep"] == {"training.optimizer": ["sgd", "adam"]}  # a free-form table is replaced: one key per sweep
    assert raw["training"] == {"lr": 1.0, "epochs": 5}  # the preset itself is untouched
    assert apply_overrides({}, ["model={hidden=[4]}"]) == {"model": {"hidden": [4]}}


def test_preset_file_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[training\nlr = 1\n')
    with pytest.raises(ConfigError, match=r"bad.toml: invalid TOML.*line 2"):
        load_config(bad)
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 1_100_000)
    with pytest.raises(ConfigError, match="too large to be a preset"):
        load_config(big)
    with pytest.raises(ConfigError, match="no such preset file"):
        load_config(tmp_path / "missing.toml")


values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 500) | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
KEYS = {
    "data": ["dataset", "val_split", "n_samples", "noise", "path", "target", "x", "y", "standardize"],
    "model": ["hidden", "activation", "init"],
    "training": ["loss", "optimizer", "lr", "batch_size", "epochs", "momentum", "nesterov", "device", "threads"],
    "early_stopping": ["monitor", "patience", "min_delta", "restore_best"],
}
sections = st.fixed_dictionaries(
    {},
    optional={
        section: st.dictionaries(st.sampled_from(keys + ["bogus"]), values, max_size=4) for section, keys in KEYS.items()
    }
    | {"name": values, "seed": values, "extra": values},
)


@settings(max_examples=300, deadline=None)
@given(sections)
def test_any_config_dict_is_valid_or_a_clear_config_error(raw):
    try:
        validate_config(raw)
    except ConfigError as error:
        assert str(error).strip()


def test_a_config_error_keeps_each_key_apart_from_its_message():
    with pytest.raises(ConfigError) as caught:
        validate_config({"training": {"lr": "fast", "epoch": 3}, "model": {"hidden": [8, 0]}})
    problems = {problem.key: problem.message for problem in caught.value.problems}
    assert set(problems) == {"training.lr", "training.epoch", "model.hidden.1"}
    assert problems["training.lr"] == "must be a number (got 'fast')"
    assert str(caught.value) == "\n".join(f"{key}: {message}" for key, message in problems.items())


def test_a_problem_found_across_sections_names_the_key_that_fixes_it():
    with pytest.raises(ConfigError) as caught:
        validate_config({"data": {"dataset": "diabetes"}, "training": {"loss": "cross_entropy"}})
    (problem,) = caught.value.problems
    assert problem.key == "training.loss" and problem.message.startswith("'cross_entropy' is a classification loss")


def test_a_preset_file_error_names_the_file_and_keeps_the_keys(tmp_path):
    preset = tmp_path / "bad.toml"
    preset.write_text("[training]\nlr = -1\n")
    with pytest.raises(ConfigError) as caught:
        load_config(preset)
    assert str(caught.value).startswith("bad.toml: training.lr: Input should be greater than 0")
    assert [problem.key for problem in caught.value.problems] == ["training.lr"]
