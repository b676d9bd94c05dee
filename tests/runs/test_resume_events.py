"""After any interrupt and resume, events.jsonl and metrics.csv agree: each epoch once, no torn line swallowing an event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tui.runs.recorder as recorder_module
from tests.factories import tiny_config
from tui.core.events import EpochEnded
from tui.runs.metrics_file import read_metrics
from tui.runs.recorder import record
from tui.runs.resume import read_checkpoint, resume_config
from tui.training.trainer import Trainer


def events(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "events.jsonl").read_text(encoding="utf-8").splitlines()]


def epochs_in_events(run_dir: Path) -> list[int]:
    return [e["epoch"] for e in events(run_dir) if e["event"] == "epoch"]


def killed_after(run_dir: Path, epoch: int) -> None:
    """The process 'dies' right after epoch `epoch` reached the disk: no end, no final checkpoint."""
    stream = record(Trainer(tiny_config(epochs=6)), run_dir)
    for event in stream:
        if isinstance(event, EpochEnded) and event.epoch == epoch:
            break
    stream.close()


@pytest.mark.parametrize("checkpoint_every_epoch", [False, True])
@pytest.mark.parametrize("killed_at", [1, 3, 5])
def test_events_and_metrics_agree_after_a_kill_and_a_resume(tmp_path, monkeypatch, killed_at, checkpoint_every_epoch):
    if checkpoint_every_epoch:
        monkeypatch.setattr(recorder_module, "SNAPSHOT_EVERY_SECONDS", 0.0)
        monkeypatch.setattr(recorder_module, "WRITE_EVERY_SECONDS", 0.0)
    run_dir = tmp_path / "run"
    killed_after(run_dir, killed_at)
    assert read_checkpoint(run_dir)["epoch"] < killed_at or checkpoint_every_epoch
    list(record(Trainer(resume_config(run_dir)), run_dir, resume=True))
    assert epochs_in_events(run_dir) == [0, 1, 2, 3, 4, 5, 6]
    assert [int(r["epoch"]) for r in read_metrics(run_dir)] == epochs_in_events(run_dir)


def test_a_stop_resumed_twice_keeps_each_epoch_once(tmp_path):
    run_dir = tmp_path / "run"
    killed_after(run_dir, 4)
    for epochs in (6, 8):  # the second resume finds a finished run and trains on
        list(record(Trainer(resume_config(run_dir, [f"training.epochs={epochs}"])), run_dir, resume=True))
    assert epochs_in_events(run_dir) == list(range(9))
    assert [int(r["epoch"]) for r in read_metrics(run_dir)] == list(range(9))


def test_a_torn_last_line_does_not_swallow_the_next_runs_first_event(tmp_path):
    run_dir = tmp_path / "run"
    killed_after(run_dir, 2)
    with open(run_dir / "events.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"event": "epoch", "epo')  # killed during a write
    list(record(Trainer(resume_config(run_dir)), run_dir, resume=True))
    lines = events(run_dir)  # every line parses
    assert [e["event"] for e in lines].count("start") == 2 and lines[-1]["event"] == "end"
    assert epochs_in_events(run_dir) == [0, 1, 2, 3, 4, 5, 6]
