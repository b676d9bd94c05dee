"""`--set KEY=VALUE`: every mistake is one line naming the key and what is expected."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.helpers import assert_one_clear_line, run_cli

CASES = {
    "unknown key: closest name": ("training.lern_rate=0.1", ["training.lern_rate: unknown key"]),
    "unknown key in a section: closest name": ("early_stopping.patiense=3", ["did you mean 'patience'"]),
    "unknown section": ("trainng.lr=0.1", ["did you mean 'training'"]),
    "missing =": ("training.lr", ["expected KEY=VALUE"]),
    "empty key": ("=3", ["malformed"]),
    "empty part of a key": ("training..lr=3", ["malformed"]),
    "wrong type: fraction for a count": ("training.epochs=1.5", ["training.epochs", "valid integer"]),
    "wrong type: bool for a batch": ("training.batch_size=true", ["training.batch_size", "'full'"]),
    "wrong type: word for a number": ("training.lr=fast", ["training.lr: must be a number"]),
    "wrong type: number for a list": ("model.hidden=8", ["model.hidden"]),
    "a section given a value": ("training=3", ["--set training", "is a section, not a value", "training.loss="]),
    "another section given a value": ("early_stopping=1", ["'early_stopping' is a section"]),
    "a value given a key below it": ("training.lr.x=3", ["'training.lr' is a value, not a section"]),
    "a top-level value given a key below it": ("seed.x=1", ["'seed' is a value, not a section"]),
    "an unparsable list": ("model.hidden=[8,", ["--set model.hidden", "not a valid value"]),
    "text with a space unquoted": ("training.loss=cross entropy", ["not a valid value", "quote strings"]),
    "nan": ("training.lr=nan", ["training.lr", "finite"]),
    "inf": ("training.lr=inf", ["training.lr", "finite"]),
    "-inf": ("data.noise=-inf", ["data.noise", "finite"]),
    "nested too deeply": ("model.hidden=" + "[" * 5000 + "]" * 5000, ["nested too deeply"]),
    "run name with a path": ("name=../../x", ["name: must be"]),
    "unknown device": ("training.device=tpu", ["training.device: unknown device 'tpu'", "cuda:N"]),
}


@pytest.mark.parametrize("setting, fragments", list(CASES.values()), ids=list(CASES))
def test_a_bad_set_is_one_line_naming_the_key(capsys, tmp_path, setting, fragments):
    code, err = run_cli(capsys, "train", "iris", "--set", setting, "--runs-dir", str(tmp_path))
    assert_one_clear_line(code, err, *fragments)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["train", "sweep", "tune", "app"])
def test_every_command_with_set_refuses_the_same_way(capsys, tmp_path, command):
    preset = {"train": "iris", "sweep": "compare-optimizers", "tune": "tune-iris", "app": "iris"}[command]
    code, err = run_cli(capsys, command, preset, "--set", "training=3", "--runs-dir", str(tmp_path))
    assert_one_clear_line(code, err, "'training' is a section")


def test_a_section_given_as_an_inline_table_is_still_validated(capsys, tmp_path):
    code, err = run_cli(capsys, "train", "iris", "--set", "training={lr = -1}", "--runs-dir", str(tmp_path))
    assert_one_clear_line(code, err, "training.lr", "greater than 0")


def test_a_good_set_still_trains(capsys, tmp_path):
    code, err = run_cli(capsys, "train", "iris", "--set", "training.epochs=1", "--set", "model.hidden=[4]", "--no-save", "--quiet")
    assert code == 0, err


KEYS = ["training", "training.lr", "training.batch_size", "model.hidden", "model", "seed", "seed.x", "name", "data.dataset",
        "early_stopping.patience", "sweep", "tune.trials", "x.y.z", ""]
VALUES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["nan", "inf", "-inf", "[8,", "[[[[1]]]]", "{lr = 1}", "true", "'full'", "1e999", "0x10", "[]", "{}"]),
    st.integers(-10**30, 10**30).map(str),
    st.floats().map(repr),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(["=", "", "==", " = "]), VALUES), max_size=3))
def test_any_set_is_applied_or_a_config_error_never_another_exception(overrides):
    from tui.core.config import apply_overrides, validate_config
    from tui.core.errors import ConfigError

    texts = [key + sep + value for key, sep, value in overrides]
    try:
        validate_config(apply_overrides({"name": "x", "training": {"lr": 0.1}}, texts))
    except ConfigError as error:
        assert str(error).strip()
