"""Listing runs: finished, killed, damaged and half-written folders are all listed, each for what it is."""

from __future__ import annotations

import pytest

from tests.runs.helpers import fake_run
from tui.cli import main
from tui.core.errors import UserError
from tui.runs.listing import list_runs, read_curves, resolve_run


@pytest.fixture
def runs_root(tmp_path):
    root = tmp_path / "runs"
    fake_run(root, "good-20260101-100000", started="2026-01-01T10:00:00+0000")
    fake_run(root, "killed-20260101-110000", reason=None, started="2026-01-01T11:00:00+0000")
    broken = fake_run(root, "broken-config-20260101-120000", started="2026-01-01T12:00:00+0000")
    (broken / "config.toml").write_text("[training\nlr = ", encoding="utf-8")
    torn = fake_run(root, "torn-summary-20260101-130000", started="2026-01-01T13:00:00+0000")
    (torn / "summary.json").write_text('{"status": "fini', encoding="utf-8")
    half = fake_run(root, "half-row-20260101-140000", reason=None, epochs=5, started="2026-01-01T14:00:00+0000")
    with open(half / "metrics.csv", "a", encoding="utf-8") as handle:
        handle.write("6,36,0.12")  # the process died in the middle of a line
    (root / "not-a-run").mkdir()
    (root / "crash-20260101.log").write_text("traceback", encoding="utf-8")
    return root


def test_listing_marks_killed_and_damaged_runs(runs_root):
    runs = {r.name: r for r in list_runs(runs_root)}
    assert set(runs) == {"good-20260101-100000", "killed-20260101-110000", "broken-config-20260101-120000",
                         "torn-summary-20260101-130000", "half-row-20260101-140000"}
    assert runs["good-20260101-100000"].status == "completed"
    assert runs["good-20260101-100000"].optimizer == "adam" and runs["good-20260101-100000"].epochs == 10
    assert runs["killed-20260101-110000"].status == "interrupted"
    assert runs["killed-20260101-110000"].best is not None  # recovered from its metrics
    assert runs["broken-config-20260101-120000"].status == "damaged"
    assert "config.toml" in runs["broken-config-20260101-120000"].note
    assert runs["torn-summary-20260101-130000"].status == "damaged"
    half = runs["half-row-20260101-140000"]
    assert half.status == "interrupted" and half.epochs == 5  # the torn 6th row is not counted


def test_half_written_metrics_row_is_skipped(runs_root):
    curves = read_curves(runs_root / "half-row-20260101-140000")
    assert curves["epoch"] == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_runs_command_lists_every_run(runs_root, capsys):
    assert main(["runs", "--runs-dir", str(runs_root)]) == 0
    out = capsys.readouterr().out
    for name in ("good-20260101-100000", "killed-20260101-110000", "broken-config-20260101-120000"):
        assert name in out
    assert "interrupted" in out and "damaged" in out and "completed" in out
    assert main(["runs", "list", "--runs-dir", str(runs_root)]) == 0
    assert "good-20260101-100000" in capsys.readouterr().out


def test_runs_command_honours_the_environment(runs_root, monkeypatch, capsys):
    monkeypatch.setenv("NN_TUI_RUNS_DIR", str(runs_root))
    assert main(["runs"]) == 0
    assert "good-20260101-100000" in capsys.readouterr().out


def test_runs_show_prints_curves(runs_root, capsys):
    assert main(["runs", "show", "good", "--runs-dir", str(runs_root)]) == 0
    out = capsys.readouterr().out
    assert "good-20260101-100000" in out
    line = next(line for line in out.splitlines() if line.strip().startswith("val_loss"))
    assert "█" in line and "▁" in line  # a falling curve spans the sparkline's range
    assert "min 0.1" in line


def test_runs_show_refuses_unknown_and_outside_names(runs_root, capsys):
    assert main(["runs", "show", "nope", "--runs-dir", str(runs_root)]) == 2
    assert "no run named 'nope'" in capsys.readouterr().err
    with pytest.raises(UserError, match=r"^'\.\.' is not a run name \(letters, digits"):
        resolve_run("..", runs_root)
    with pytest.raises(UserError, match=r"^'\.hidden' is not a run name \(letters, digits"):
        resolve_run(".hidden", runs_root)


def test_resolve_run_by_name_latest_and_path(runs_root):
    assert resolve_run("latest", runs_root).name == "half-row-20260101-140000"
    assert resolve_run("good", runs_root).name == "good-20260101-100000"
    assert resolve_run("killed-20260101-110000", runs_root).name == "killed-20260101-110000"
    assert resolve_run(str(runs_root / "good-20260101-100000"), runs_root).name == "good-20260101-100000"
    with pytest.raises(UserError, match="not-a-run: not a run folder .no config.toml, summary.json or metrics.csv in it."):
        resolve_run(str(runs_root / "not-a-run"), runs_root)


def test_listing_runs_does_not_import_torch():
    import subprocess
    import sys

    code = "import sys, tui.runs.listing, tui.app.screens.runs, tui.commands.runs; assert 'torch' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], check=False, capture_output=True).returncode == 0
