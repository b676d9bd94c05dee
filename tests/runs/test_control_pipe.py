"""The run folder's control pipe: anyone may pause, resume or stop the run training in a folder through it,
and a writer learns at once when nobody is listening (the run ended or its process was killed)."""

from __future__ import annotations

import os
import threading

from tests.factories import tiny_config
from tui.core.events import EpochEnded, Finished, Paused
from tui.runs.control_pipe import CONTROL_NAME, ControlPipe, send_command
from tui.runs.recorder import record
from tui.training.trainer import Trainer


def test_a_folder_without_a_listener_says_so(tmp_path):
    assert send_command(tmp_path, "stop") is False  # no pipe at all
    os.mkfifo(tmp_path / CONTROL_NAME)  # the pipe of a killed run: nobody reads it
    assert send_command(tmp_path, "stop") is False
    (tmp_path / CONTROL_NAME).unlink()
    (tmp_path / CONTROL_NAME).write_text("stop\n", encoding="utf-8")  # a plain file of that name is no pipe
    assert send_command(tmp_path, "stop") is False


def test_each_line_reaches_the_listener_until_it_closes(tmp_path):
    heard: list[str] = []
    three = threading.Event()

    def on_line(line: str) -> None:
        heard.append(line)
        if len(heard) == 3:
            three.set()

    pipe = ControlPipe(tmp_path, on_line)
    assert pipe.open()
    try:
        assert send_command(tmp_path, "pause") and send_command(tmp_path, "resume")
        assert send_command(tmp_path, "stop")
        assert three.wait(10)
    finally:
        pipe.close()
    assert heard == ["pause", "resume", "stop"]
    assert not (tmp_path / CONTROL_NAME).exists()
    assert send_command(tmp_path, "stop") is False  # closed: the run is over


def test_a_recorded_run_is_paused_and_stopped_through_its_folder(tmp_path):
    run_dir = tmp_path / "run"
    trainer = Trainer(tiny_config(epochs=100_000))
    seen: list[object] = []
    for event in record(trainer, run_dir):
        seen.append(event)
        if isinstance(event, EpochEnded) and event.epoch == 2:
            assert send_command(run_dir, "pause")
        if isinstance(event, Paused) and event.paused:
            assert send_command(run_dir, "stop")
    assert any(isinstance(e, Paused) and e.paused for e in seen)
    finished = seen[-1]
    assert isinstance(finished, Finished) and finished.reason == "stopped" and finished.epochs < 100
    assert not (run_dir / CONTROL_NAME).exists()  # gone with the run
