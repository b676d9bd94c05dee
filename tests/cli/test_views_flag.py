"""`nn-tui train --views`: the model's pictures in --jsonl, opt-in, never in the run folder; a bad name is one line."""

from __future__ import annotations

import base64
import json

import numpy as np

from tests.cli.helpers import assert_one_clear_line, run_cli

TINY = ["--set", "data.n_samples=120", "--set", "training.epochs=2", "--set", "training.device=\"cpu\""]


def test_views_go_to_jsonl_and_not_to_the_run_folder(tmp_path, capsys):
    out = tmp_path / "events.jsonl"
    code = run_cli(capsys, "train", "moons", *TINY, "--views", "regions,neurons", "--jsonl", str(out), "--quiet",
                   "--runs-dir", str(tmp_path / "runs"))[0]
    assert code == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    kinds = [line["event"] for line in lines]
    assert kinds[:4] == ["start", "view_points", "regions", "neurons"] and kinds[-1] == "end"
    regions = [line for line in lines if line["event"] == "regions"][-1]
    classes = np.frombuffer(base64.b64decode(regions["classes"]), np.uint8).reshape(regions["size"], regions["size"])
    assert set(classes.ravel()) == {0, 1}  # the README's recipe reads it back
    recorded = next((tmp_path / "runs").glob("*/events.jsonl")).read_text()
    assert '"regions"' not in recorded and '"view_points"' not in recorded


def test_without_views_no_pictures(tmp_path, capsys):
    out = tmp_path / "events.jsonl"
    assert run_cli(capsys, "train", "moons", *TINY, "--jsonl", str(out), "--quiet", "--no-save")[0] == 0
    assert '"regions"' not in out.read_text()


def test_an_unknown_view_is_one_clear_line(capsys):
    code, err = run_cli(capsys, "train", "moons", "--views", "regions,pixels", "--no-save")
    assert_one_clear_line(code, err, "--views", "pixels", "regions, neurons or steps")
