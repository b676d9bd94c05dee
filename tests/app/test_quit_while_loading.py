"""Ctrl+Q while the training process is still loading the data (a CSV that is a named pipe with no writer, so
the load blocks) quits the app at once and leaves no training process behind."""

from __future__ import annotations

import asyncio
import os
import signal

from tests.app.helpers import wait_until
from tui.app.app import NNTuiApp
from tui.app.screens.training import TrainingScreen
from tui.core.config import validate_config
from tui.worker.parent import TrainingProcess


def test_ctrl_q_while_the_training_process_waits_for_its_data_quits_and_ends_it(tmp_path, monkeypatch):
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)  # nobody ever writes it: opening it for reading blocks in the training process
    config = validate_config({"data": {"dataset": "csv", "path": str(fifo), "target": "y"},
                              "training": {"epochs": 1, "device": "cpu"}})
    started: list[TrainingProcess] = []
    real_init = TrainingProcess.__init__

    def keep(self) -> None:
        real_init(self)
        started.append(self)

    monkeypatch.setattr(TrainingProcess, "__init__", keep)

    async def scenario():
        app = NNTuiApp(config, runs_root=tmp_path / "runs")
        try:
            async with app.run_test(size=(100, 40)) as pilot:
                await pilot.press("f5")  # the form does not read a pipe ahead: F5 starts the run, which reads it
                screen = app.screen
                assert isinstance(screen, TrainingScreen)
                await wait_until(pilot, lambda: bool(started) and screen.running)
                await pilot.pause(1.0)  # the process imports torch, then blocks opening the pipe
                assert started[0].process.poll() is None and screen.finished is None  # still setting up
                await pilot.press("ctrl+q")
                await wait_until(pilot, lambda: not app.is_running, timeout=60)
        finally:
            release_readers(fifo)  # were the app still reading the pipe, its threads would keep pytest waiting

    asyncio.run(scenario())
    process = started[0].process
    process.wait(timeout=10)  # gone: ended by the app, not left blocked on the pipe
    assert process.returncode in (0, -signal.SIGTERM)  # stopped while loading, or before it began
    assert not (tmp_path / "runs").exists() or list((tmp_path / "runs").iterdir()) == []


def release_readers(fifo) -> None:
    """Open and close the pipe's writing end: a reader blocked on it sees the end of the file."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # ENXIO: nobody is reading it
        pass
