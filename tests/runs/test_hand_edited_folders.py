"""A hand-edited run folder with a field of the wrong type is listed as damaged, in one line, by every reader:
`nn-tui runs`, `runs show`, `--resume` and the listing the runs screen uses. None of them crashes."""

from __future__ import annotations

import json
import os
import socket
import tomllib
from pathlib import Path

import pytest
import tomli_w

from tests.runs.helpers import fake_run
from tui.cli import main
from tui.runs.listing import list_runs

NAME = "edited-20260101-100000"


def edit_summary(**fields):
    def edit(path: Path) -> None:
        summary = json.loads((path / "summary.json").read_text(encoding="utf-8"))
        summary.update(fields)
        (path / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return edit


def edit_config(section: str, key: str | None, value):
    def edit(path: Path) -> None:
        config = tomllib.loads((path / "config.toml").read_text(encoding="utf-8"))
        if key is None:
            config[section] = value
        else:
            config[section][key] = value
        (path / "config.toml").write_text(tomli_w.dumps(config), encoding="utf-8")
    return edit


def summary_of_type(value):
    def edit(path: Path) -> None:
        (path / "summary.json").write_text(json.dumps(value), encoding="utf-8")
    return edit


EDITS = {
    "epochs is text": edit_summary(epochs="abc"),
    "a huge pid": edit_summary(status="running", pid=10**30, host=socket.gethostname()),
    "a negative pid": edit_summary(status="running", pid=-1, host=socket.gethostname()),
    "best is text": edit_summary(best="low"),
    "best epoch is a float": edit_summary(best_epoch=2.5),
    "seconds is text": edit_summary(seconds="fast"),
    "versions is a list": edit_summary(versions=[1, 2]),
    "started_at is a number": edit_summary(started_at=5),
    "summary is a list": summary_of_type([1, 2]),
    "data = 3": edit_config("data", None, 3),
    "hidden is text": edit_config("model", "hidden", "abc"),
    "lr is text": edit_config("training", "lr", "fast"),
    "monitor is a number": edit_config("early_stopping", None, {"monitor": 3}),
}


@pytest.fixture(params=list(EDITS), ids=list(EDITS))
def edited(request, tmp_path) -> Path:
    root = tmp_path / "runs"
    fake_run(root, "good-20260101-090000", started="2026-01-01T09:00:00+0000")
    path = fake_run(root, NAME, reason="stopped", epochs=4, started="2026-01-01T10:00:00+0000")
    EDITS[request.param](path)
    return root


def test_the_listing_reports_the_folder_as_damaged(edited):
    runs = {r.name: r for r in list_runs(edited)}
    assert runs[NAME].status == "damaged" and runs[NAME].note
    assert runs["good-20260101-090000"].status == "completed"


def test_nn_tui_runs_lists_it_in_one_line(edited, capsys):
    assert main(["runs", "--runs-dir", str(edited)]) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if NAME in line][0].count("damaged") == 1


def test_runs_show_says_damaged(edited, capsys):
    assert main(["runs", "show", NAME, "--runs-dir", str(edited)]) == 0
    assert "damaged" in capsys.readouterr().out


def test_resume_refuses_it_in_one_line(edited, capsys):
    assert main(["train", "--resume", NAME, "--runs-dir", str(edited)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_pid_beyond_the_systems_range_is_never_signalled(tmp_path):
    path = fake_run(tmp_path, NAME, reason=None)
    edit_summary(pid=2**31, host=socket.gethostname())(path)
    assert list_runs(tmp_path)[0].status == "damaged"
    edit_summary(pid=os.getpid() + 10**6, host=socket.gethostname())(path)  # in range, no such process
    assert list_runs(tmp_path)[0].status == "interrupted"
