"""`nn-tui train --detach` starts a run that outlives its terminal and prints its folder; `nn-tui stop` stops it as
the stop key would; errors are one line, and a detached run that could not start leaves no folder."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.cli.helpers import assert_one_clear_line, run_cli
from tui.runs.follow import training


def nn_tui(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.timeout(400)
def test_a_detached_run_trains_in_the_background_until_stopped(tmp_path, capsys):
    runs = tmp_path / "runs"
    started = nn_tui("train", "iris", "--detach", "--runs-dir", str(runs),
                     "--set", "training.epochs=100000", "--set", "early_stopping.patience=0")
    assert started.returncode == 0, started.stderr
    run_dir = runs / started.stdout.strip().rsplit("/", 1)[-1]
    assert started.stdout.strip().endswith(run_dir.name) and len(started.stdout.splitlines()) == 1
    assert f"nn-tui attach {run_dir.name}" in started.stderr
    assert training(run_dir)
    time.sleep(1.0)
    assert training(run_dir)  # still, after the command that started it returned

    listed = nn_tui("runs", "--runs-dir", str(runs))
    assert "running (process" in listed.stdout
    code, err = run_cli(capsys, "train", "--resume", run_dir.name, "--runs-dir", str(runs))
    assert_one_clear_line(code, err, f"{run_dir.name}: in use by process")  # the lock refuses a second trainer

    stopped = nn_tui("stop", run_dir.name, "--runs-dir", str(runs))
    assert stopped.returncode == 0, stopped.stderr
    assert not training(run_dir)
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["reason"] == "stopped" and summary["epochs"] >= 1
    assert (run_dir / "best.safetensors").exists() and (run_dir / "resume.pt").exists()

    code, err = run_cli(capsys, "stop", run_dir.name, "--runs-dir", str(runs))
    assert_one_clear_line(code, err, f"{run_dir.name} is not training (it is stopped)", "--resume")


@pytest.mark.timeout(400)
def test_a_detached_run_writes_the_same_folder_as_a_run_in_the_foreground(tmp_path):
    def metrics(folder):
        rows = (folder / "metrics.csv").read_text(encoding="utf-8").splitlines()
        header = rows[0].split(",")
        timeless = [i for i, name in enumerate(header) if name not in ("seconds", "elapsed")]
        return [[row.split(",")[i] for i in timeless] for row in rows]

    args = ["iris", "--set", "training.epochs=25", "--set", "early_stopping.patience=0"]
    detached = nn_tui("train", *args, "--detach", "--runs-dir", str(tmp_path / "a"))
    assert detached.returncode == 0, detached.stderr
    foreground = nn_tui("train", *args, "--quiet", "--runs-dir", str(tmp_path / "b"))
    assert foreground.returncode == 0, foreground.stderr
    a, b = (next((tmp_path / side).iterdir()) for side in "ab")
    deadline = time.monotonic() + 200
    while training(a):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert metrics(a) == metrics(b) and len(metrics(a)) == 27  # the header, epoch 0 (before training), 25 epochs
    names = {p.name for p in a.iterdir()} - {"detached.log"}
    assert names == {p.name for p in b.iterdir()}
    assert (a / "best.safetensors").read_bytes() == (b / "best.safetensors").read_bytes()


def test_a_detached_run_that_cannot_start_says_why_and_leaves_no_folder(tmp_path):
    runs = tmp_path / "runs"
    data = tmp_path / "two.csv"
    data.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    failed = nn_tui("train", "iris", "--detach", "--runs-dir", str(runs), "--set", 'data.dataset="csv"',
                    "--set", f'data.path="{data}"', "--set", 'data.target="nope"')
    assert failed.returncode == 2
    assert failed.stderr.strip().startswith("nn-tui: error: ") and "nope" in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1 and failed.stdout == ""
    assert list(runs.iterdir()) == []


@pytest.mark.parametrize("args, fragment", [
    (["train", "iris", "--detach", "--no-save"], "drop --no-save"),
    (["train", "iris", "--detach", "--jsonl", "-"], "give --jsonl a file"),
    (["attach"], "no run is training in"),
    (["stop"], "no run is training in"),
])
def test_what_cannot_be_detached_attached_or_stopped_is_one_line(tmp_path, capsys, args, fragment):
    code, err = run_cli(capsys, *args, "--runs-dir", str(tmp_path))
    assert_one_clear_line(code, err, fragment)


def test_a_detached_run_that_ends_before_it_is_seen_training_is_a_result(tmp_path, monkeypatch, capsys):
    """On a fast machine a short run can open and close its control pipe between two looks: exit 0 is its result."""
    import argparse

    from tui.commands import detached

    real_popen = subprocess.Popen
    monkeypatch.setattr(detached.subprocess, "Popen",
                        lambda command, **kw: real_popen([sys.executable, "-c", "pass"], **kw))
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    args = argparse.Namespace(preset="iris", overrides=[], device=None, jsonl=None, views=None, pace=None)
    assert detached.start_detached(args, run_dir, resume=False) == 0
    out, err = capsys.readouterr()
    assert out.strip() == str(run_dir) and "already ended" in err
    assert run_dir.is_dir()


def test_a_detached_run_that_refused_its_input_is_exit_2_however_its_process_ended(tmp_path, monkeypatch, capsys):
    """The user error line decides (as in the foreground), even when the process then aborted while exiting."""
    import argparse

    from tui.commands import detached

    real_popen = subprocess.Popen
    refuse_then_abort = ("import os, sys; print('nn-tui: error: data.target: no column', file=sys.stderr); "
                         "sys.stderr.flush(); os.abort()")
    monkeypatch.setattr(detached.subprocess, "Popen",
                        lambda command, **kw: real_popen([sys.executable, "-c", refuse_then_abort], **kw))
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    args = argparse.Namespace(preset="iris", overrides=[], device=None, jsonl=None, views=None, pace=None)
    assert detached.start_detached(args, run_dir, resume=False) == 2
    assert capsys.readouterr().err.strip() == "nn-tui: error: data.target: no column"
    assert not run_dir.exists()
