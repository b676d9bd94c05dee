"""A stop while the data still loads (a named pipe with no writer, a large CSV) ends the work at once: no traceback,
no empty run folder. Before, SIGTERM and SIGHUP waited for the load, and a pipe with no writer needed kill -9."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.core.config import load_config
from tui.worker.protocol import Request, encode_request


def preset_reading_a_pipe(folder: Path) -> Path:
    os.mkfifo(folder / "data.csv")
    preset = folder / "piped.toml"
    preset.write_text('name = "piped"\n[data]\ndataset = "csv"\npath = "data.csv"\ntarget = "y"\n', encoding="utf-8")
    return preset


def wait_until_reading(fifo: Path, process: subprocess.Popen) -> int:
    """Open the pipe's writing end once the process has opened its reading end (it then waits in read())."""
    while process.poll() is None:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:
            if error.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
            time.sleep(0.05)
    raise AssertionError(f"exited early: {process.stderr.read() if process.stderr else ''}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"])
def test_a_stop_signal_while_the_data_loads_ends_train_cleanly(tmp_path, sig):
    preset = preset_reading_a_pipe(tmp_path)
    runs = tmp_path / "runs"
    process = subprocess.Popen([sys.executable, "-m", "tui", "train", str(preset), "--runs-dir", str(runs)],
                               stderr=subprocess.PIPE, text=True)
    writer = wait_until_reading(tmp_path / "data.csv", process)
    try:
        process.send_signal(sig)
        err = process.communicate(timeout=60)[1]
    finally:
        os.close(writer)
    assert process.returncode == 130, err
    assert err.strip() == "nn-tui: interrupted"
    assert not runs.exists() or list(runs.iterdir()) == []


def test_the_apps_stop_while_the_training_process_loads_ends_it_cleanly(tmp_path):
    preset = preset_reading_a_pipe(tmp_path)
    runs = tmp_path / "runs"
    request = encode_request(Request("train", load_config(preset), runs))
    process = subprocess.Popen([sys.executable, "-m", "tui.worker.child"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdin is not None
    process.stdin.write(request + "\n")
    process.stdin.flush()
    writer = wait_until_reading(tmp_path / "data.csv", process)
    try:
        out, err = process.communicate(input="", timeout=60)  # the app quits: its end of the pipe closes
    finally:
        os.close(writer)
    assert process.returncode == 0, err
    assert "Traceback" not in err and out == ""
    assert not runs.exists() or list(runs.iterdir()) == []
