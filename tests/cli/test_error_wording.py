"""Errors name what the user gave: --set, not the preset file; a folder or device, not a missing file; a quote left open."""

from __future__ import annotations

import pytest

from tests.cli.helpers import assert_one_clear_line, run_cli


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("training.lr=-1", "--set training.lr: Input should be greater than 0"),
        ("training={lr=-1}", "--set training.lr: Input should be greater than 0"),
        ("model.hiden=[4]", "--set model.hiden: unknown key"),
    ],
)
def test_a_bad_set_value_is_blamed_on_set_not_the_preset(capsys, value, fragment):
    code, err = run_cli(capsys, "train", "iris", "--no-save", "--set", value)
    assert_one_clear_line(code, err, fragment)
    assert "iris.toml" not in err


def test_a_bad_preset_value_is_still_blamed_on_the_file(capsys, tmp_path):
    preset = tmp_path / "mine.toml"
    preset.write_text('[training]\nlr = -1\n', encoding="utf-8")
    code, err = run_cli(capsys, "train", str(preset), "--no-save", "--set", "training.epochs=2")
    assert_one_clear_line(code, err, "mine.toml: training.lr: Input should be greater than 0")


def test_a_path_that_exists_but_is_no_file_says_what_it_is(capsys, tmp_path):
    folder = tmp_path / "presets.toml"
    folder.mkdir()
    assert_one_clear_line(*run_cli(capsys, "train", str(folder)), "a folder, not a preset file")
    assert_one_clear_line(*run_cli(capsys, "train", "/dev/null"), "/dev/null: not a regular file")
    assert_one_clear_line(*run_cli(capsys, "train", str(tmp_path / "gone.toml")), "no such preset file")


@pytest.mark.parametrize("value, quote", [('name="abc', '"'), ("name=abc'", "'"), ('training.lr="0.1', '"')])
def test_an_unterminated_quote_is_named(capsys, value, quote):
    code, err = run_cli(capsys, "train", "iris", "--no-save", "--set", value)
    assert_one_clear_line(code, err, f"has an unterminated {quote} quote; close it: ")
