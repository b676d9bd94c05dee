"""SIGTERM, SIGHUP (an SSH connection dropped) and Ctrl+C stop a headless run cleanly: nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.runs.weights import load_weights


def wait_for_epochs(path: Path, count: int, process: subprocess.Popen, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit  # a guard against hanging, not a timing assertion
    while time.monotonic() < deadline:
        if path.exists() and sum('"event": "epoch"' in line for line in path.read_text().splitlines()) >= count:
            return
        if process.poll() is not None:
            raise AssertionError(f"training ended early: {process.stderr.read() if process.stderr else ''}")
        time.sleep(0.1)
    raise AssertionError("no epochs appeared")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_signal_stops_training_and_keeps_the_best_model(tmp_path, sig):
    events = tmp_path / "events.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "train", "iris", "--set", "training.epochs=1000000", "--set", "training.batch_size=4",
         "--jsonl", str(events), "--runs-dir", str(tmp_path / "runs"), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ},
    )
    try:
        wait_for_epochs(events, 3, process)
        process.send_signal(sig)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    end = lines[-1]
    assert end["event"] == "end" and end["reason"] == "stopped"
    run_dir = Path(end["run_dir"])
    weights = load_weights(run_dir / "best.safetensors")
    assert weights and end["best_epoch"] is not None
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["reason"] == "stopped"


def test_a_run_started_with_ctrl_c_ignored_leaves_it_ignored():
    """`nn-tui train … &` from a script: the shell ignores SIGINT for it, and a Ctrl+C meant for the shell must not stop it."""
    import threading

    from tui.headless.signals import stop_on_signals

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with stop_on_signals(threading.Event()):
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN)  # the others still stop it
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
