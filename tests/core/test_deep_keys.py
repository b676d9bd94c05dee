"""Keys nested absurdly deep and paths that loop are refused in one line, not a RecursionError or RuntimeError."""

from __future__ import annotations

import pytest

from tests.cli.helpers import assert_one_clear_line, run_cli
from tui.core.keys import flatten, nesting_depth

DEEP = ".".join(["a"] * 1500)


@pytest.mark.parametrize("command", ["sweep", "tune"])
def test_a_1500_level_dotted_key_in_a_free_form_section_is_one_line(capsys, command):
    code, err = run_cli(capsys, command, "iris", "--set", f"{command}.{DEEP}=[1, 2]")
    assert_one_clear_line(code, err, f"{command}: tables nested more than 32 deep")


def test_a_1500_level_dotted_key_in_a_preset_is_one_line(tmp_path, capsys):
    preset = tmp_path / "deep.toml"
    preset.write_text(f'name = "deep"\n[sweep]\n{DEEP} = [1, 2]\n', encoding="utf-8")
    code, err = run_cli(capsys, "sweep", str(preset))
    assert_one_clear_line(code, err, "sweep: tables nested more than 32 deep")


def test_flatten_and_depth_take_any_depth():
    table: dict = {}
    node = table
    for _ in range(5000):
        node["a"] = {}
        node = node["a"]
    node["b"] = 1
    assert nesting_depth(table) == 5001
    assert flatten(table) == {".".join(["a"] * 5000 + ["b"]): 1}
    assert flatten({"training": {"lr": 0.1, "x": {"y": 2}}, "seed": 1}) == {"training.lr": 0.1, "training.x.y": 2, "seed": 1}


def test_a_data_path_that_is_a_loop_of_links_is_one_line(tmp_path, capsys):
    (tmp_path / "loop.csv").symlink_to("loop.csv")
    preset = tmp_path / "loop.toml"
    preset.write_text('name = "loop"\n[data]\ndataset = "csv"\npath = "loop.csv"\ntarget = "y"\n', encoding="utf-8")
    code, err = run_cli(capsys, "train", str(preset), "--no-save", "--quiet")
    assert_one_clear_line(code, err, "data.path", "a loop of symbolic links")
