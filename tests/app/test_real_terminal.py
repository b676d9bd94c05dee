"""The real `nn-tui` in a pseudo-terminal: F5 starts a run in its training process. When the SSH connection
drops (SIGHUP), the run trains on detached by default: a new terminal attaches to it and sees it live, and
`nn-tui stop` stops it with its best model kept. With --on-hangup stop, or when the app is killed outright,
the run ends as `stopped` with its best weights and checkpoint, and no process is left behind."""

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

from tui.runs.follow import training

F5 = b"\x1b[15~"
LONG_RUN = ["--set", "training.epochs=100000", "--set", "early_stopping.patience=0"]


class Terminal:
    """A pseudo-terminal running `nn-tui ARGS`; everything it shows is kept (a terminal reads all that is written)."""

    def __init__(self, runs: Path, *args: str) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "NN_TUI_RUNS_DIR": str(runs)}
        # A session of its own with this terminal as its controlling terminal, as a login shell's program has:
        # closing the terminal then hangs the app up, as a dropped SSH connection does.
        self.app = subprocess.Popen([sys.executable, "-m", "tui", *args], stdin=slave, stdout=slave, stderr=slave,
                                    start_new_session=True, env=env,
                                    preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.master = master
        self.shown = bytearray()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        try:
            while chunk := os.read(self.master, 65536):
                self.shown += chunk
        except OSError:
            pass

    def hang_up(self) -> None:
        """Close the terminal: the kernel sends SIGHUP to its session."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def close(self) -> None:
        if not group_gone(self.app.pid):
            os.killpg(self.app.pid, signal.SIGKILL)
        self.hang_up()


def wait_for(condition, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def epochs_written(runs: Path) -> int:
    """Training epochs in the run's metrics.csv (its epoch-0 row is the model before training)."""
    metrics = list(runs.glob("*/metrics.csv"))
    rows = metrics[0].read_text(encoding="utf-8").splitlines()[1:] if metrics else []
    return sum(1 for row in rows if not row.startswith("0,"))


def group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def start_training(terminal: Terminal, runs: Path) -> Path:
    time.sleep(1.0)  # the first frame; F5 before it is just lost, so press until a run folder appears
    wait_for(lambda: os.write(terminal.master, F5) and list(runs.glob("*/metrics.csv")) or False)
    wait_for(lambda: epochs_written(runs) >= 3)
    return next(runs.iterdir())


def summary_of(run_dir: Path) -> dict:
    return json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.timeout(400)
def test_a_dropped_connection_leaves_the_run_training_and_a_new_terminal_attaches_to_it(tmp_path):
    runs = tmp_path / "runs"
    first = Terminal(runs, "iris", *LONG_RUN)
    try:
        run_dir = start_training(first, runs)
        first.hang_up()  # the SSH connection drops
        assert first.app.wait(timeout=60) == 0
    finally:
        first.close()
    before = epochs_written(runs)
    wait_for(lambda: epochs_written(runs) > before + 20)  # it trains on, with no app
    assert training(run_dir) and summary_of(run_dir)["status"] == "running"

    second = Terminal(runs, "attach")
    try:
        wait_for(lambda: b"attached \xc2\xb7 esc leaves it training" in second.shown and b"Epoch" in second.shown)
        stop = subprocess.run([sys.executable, "-m", "tui", "stop", run_dir.name, "--runs-dir", str(runs)],
                              capture_output=True, text=True, timeout=200)
        assert stop.returncode == 0, stop.stderr
        assert "Stopped" in stop.stderr
        wait_for(lambda: b"Stopped by the user" in second.shown)  # the attached view saw the end
    finally:
        second.close()
    assert not training(run_dir)
    summary = summary_of(run_dir)
    assert summary["reason"] == "stopped" and summary["epochs"] > before + 20
    assert (run_dir / "best.safetensors").exists() and (run_dir / "resume.pt").exists()
    more = summary["epochs"] + 5
    resumed = subprocess.run([sys.executable, "-m", "tui", "train", "--resume", run_dir.name, "--runs-dir", str(runs),
                              "--set", f"training.epochs={more}", "--quiet"], capture_output=True, text=True, timeout=200)
    assert resumed.returncode == 0, resumed.stderr
    assert summary_of(run_dir)["reason"] == "completed" and epochs_written(runs) == more


@pytest.mark.parametrize("how", ["SIGHUP with --on-hangup stop", "the app killed with SIGKILL"])
def test_the_run_stops_keeping_its_best_model_when_told_to_or_when_the_app_is_killed(tmp_path, how):
    runs = tmp_path / "runs"
    terminal = Terminal(runs, "iris", *LONG_RUN, "--on-hangup", "stop")
    try:
        run_dir = start_training(terminal, runs)
        if how.startswith("SIGHUP"):
            os.killpg(terminal.app.pid, signal.SIGHUP)
            assert terminal.app.wait(timeout=60) == 0
        else:
            terminal.app.kill()
            terminal.app.wait(timeout=10)
        wait_for(lambda: not training(run_dir), timeout=60)  # the training process ended too, on its own
    finally:
        terminal.close()
    summary = summary_of(run_dir)
    assert summary["reason"] == "stopped" and summary["epochs"] >= 3
    assert (run_dir / "best.safetensors").exists() and (run_dir / "resume.pt").exists()
