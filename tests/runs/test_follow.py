"""Following a run from its folder (`nn-tui attach`): its latest part from the start, each epoch with a progress
event, lines still being written read once whole, and a run whose process died reported as interrupted."""

from __future__ import annotations

import json
import threading

import pytest

from tests.factories import tiny_config, with_changes
from tui.core.errors import UserError
from tui.core.events import EpochEnded, Finished, Progress, RunStarted
from tui.runs.events_file import EVENTS_NAME
from tui.runs.follow import follow_run
from tui.runs.recorder import record
from tui.training.trainer import Trainer


def recorded(run_dir, epochs: int, resume: bool = False) -> list[object]:
    return list(record(Trainer(tiny_config(epochs=epochs)), run_dir, resume=resume))


def test_a_run_read_back_from_its_folder_has_its_events_and_a_progress_event_per_epoch(tmp_path):
    run_dir = tmp_path / "run"
    events = recorded(run_dir, 4)
    followed = list(follow_run(run_dir, threading.Event()))
    assert [type(e) for e in followed if not isinstance(e, Progress)] == [type(e) for e in events]
    progress = [e for e in followed if isinstance(e, Progress)]
    epochs = [e for e in followed if isinstance(e, EpochEnded) and e.epoch > 0]  # epoch 0 is before any step
    assert [p.global_step for p in progress] == [e.global_step for e in epochs]
    assert all(p.total_steps == events[0].total_steps for p in progress)


def test_a_resumed_run_is_followed_from_its_latest_start(tmp_path):
    run_dir = tmp_path / "run"
    trainer = Trainer(tiny_config(epochs=6))
    for event in record(trainer, run_dir):
        if isinstance(event, EpochEnded) and event.epoch == 2:
            trainer.stop.set()
    list(record(Trainer(with_changes(tiny_config(epochs=6))), run_dir, resume=True))
    followed = list(follow_run(run_dir, threading.Event()))
    starts = [e for e in followed if isinstance(e, RunStarted)]
    assert len(starts) == 1 and starts[0].start_epoch == 2
    assert [e.epoch for e in followed if isinstance(e, EpochEnded)] == [3, 4, 5, 6]
    assert isinstance(followed[-1], Finished) and followed[-1].reason == "completed"


def test_a_line_still_being_written_is_read_once_it_is_whole(tmp_path):
    run_dir = tmp_path / "run"
    recorded(run_dir, 3)
    lines = (run_dir / EVENTS_NAME).read_bytes().splitlines(keepends=True)
    end = lines[-1]
    (run_dir / EVENTS_NAME).write_bytes(b"".join(lines[:-1]) + end[:20])  # the end event, half written
    leave = threading.Event()
    followed = follow_run(run_dir, leave, poll=0.01)
    seen = [next(followed) for _ in range(len(lines) - 1 + 3)]  # every whole line, with the 3 epochs' progress
    assert not any(isinstance(e, Finished) for e in seen)
    with open(run_dir / EVENTS_NAME, "ab") as handle:
        handle.write(end[20:])
    (run_dir / ".lock").write_text("", encoding="utf-8")  # no process holds it: without the end, "interrupted"
    assert isinstance(next(followed), Finished)


def test_a_run_whose_process_died_is_reported_interrupted(tmp_path):
    run_dir = tmp_path / "run"
    recorded(run_dir, 2)
    lines = (run_dir / EVENTS_NAME).read_text(encoding="utf-8").splitlines()
    (run_dir / EVENTS_NAME).write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # killed before its end
    assert json.loads(lines[-1])["event"] == "end"
    with pytest.raises(UserError, match="interrupted: `nn-tui train --resume run` continues it"):
        list(follow_run(run_dir, threading.Event(), poll=0.01))
