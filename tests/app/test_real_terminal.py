"""The real `nn-tui` in a pseudo-terminal: F5 starts a run in its training process, and when the SSH
connection drops (SIGHUP to the terminal's processes) or the app is killed outright, the run still
ends as `stopped` with its best weights and checkpoint, and no process is left behind."""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pty")
import fcntl  # POSIX only, like pty
import termios

F5 = b"\x1b[15~"


def open_app(runs: Path) -> tuple[subprocess.Popen, int]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    command = [sys.executable, "-m", "tui", "iris", "--runs-dir", str(runs),
               "--set", "training.epochs=100000", "--set", "early_stopping.patience=0"]
    env = {**os.environ, "TERM": "xterm-256color"}
    app = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, start_new_session=True, env=env)
    os.close(slave)
    threading.Thread(target=_drain, args=(master,), daemon=True).start()  # a terminal reads everything written
    return app, master


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def wait_for(condition, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def epochs_written(runs: Path) -> int:
    metrics = list(runs.glob("*/metrics.csv"))
    return len(metrics[0].read_text(encoding="utf-8").splitlines()) - 1 if metrics else 0


def group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("how", ["SIGHUP to the terminal's processes", "the app killed with SIGKILL"])
def test_a_run_started_with_f5_keeps_its_best_model_when_the_terminal_or_the_app_goes(tmp_path, how):
    runs = tmp_path / "runs"
    app, master = open_app(runs)
    try:
        time.sleep(1.0)  # the first frame; F5 before it is just lost, so press until a run folder appears
        wait_for(lambda: os.write(master, F5) and list(runs.glob("*/metrics.csv")) or False)
        wait_for(lambda: epochs_written(runs) >= 3)
        if how.startswith("SIGHUP"):
            os.killpg(app.pid, signal.SIGHUP)  # what the kernel does when the SSH session's terminal hangs up
            assert app.wait(timeout=60) == 0
        else:
            app.kill()
            app.wait(timeout=10)
        wait_for(lambda: group_gone(app.pid), timeout=60)  # the training process ended too, on its own
    finally:
        if not group_gone(app.pid):
            os.killpg(app.pid, signal.SIGKILL)
        os.close(master)
    run_dir = next(runs.iterdir())
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["reason"] == "stopped" and summary["epochs"] >= 3
    assert (run_dir / "best.safetensors").exists() and (run_dir / "resume.pt").exists()
