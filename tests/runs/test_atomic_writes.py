"""A write that fails part way never leaves a broken file in place of the previous good one."""

from __future__ import annotations

import os

import pytest

from tests.faults import HalfWriter
from tests.runs.helpers import tiny_config
from tui.runs import weights as checkpoint
from tui.runs.recorder import record
from tui.runs.resume import CHECKPOINT_NAME, read_checkpoint, write_checkpoint
from tui.training.trainer import Trainer


def finished_run(tmp_path):
    run_dir = tmp_path / "run"
    list(record(Trainer(tiny_config(epochs=3)), run_dir))
    return run_dir


def test_checkpoint_write_failing_part_way_keeps_the_previous_one(tmp_path, monkeypatch):
    run_dir = finished_run(tmp_path)
    before = (run_dir / CHECKPOINT_NAME).read_bytes()
    snapshot = read_checkpoint(run_dir)
    snapshot["epoch"] = 99
    real_fdopen = os.fdopen
    monkeypatch.setattr(checkpoint.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(OSError):
        write_checkpoint(run_dir, snapshot)
    monkeypatch.undo()
    assert (run_dir / CHECKPOINT_NAME).read_bytes() == before
    assert read_checkpoint(run_dir)["epoch"] == 3
    assert [p.name for p in run_dir.iterdir() if p.name.startswith(".")] == []  # no temp file left behind


def test_failing_fsync_keeps_the_previous_summary(tmp_path, monkeypatch):
    run_dir = finished_run(tmp_path)
    before = (run_dir / "summary.json").read_text()

    def broken_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(checkpoint.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        checkpoint.atomic_write_text(run_dir / "summary.json", "{}")
    assert (run_dir / "summary.json").read_text() == before


def test_a_refused_checkpoint_write_is_reported_not_fatal(tmp_path, monkeypatch):
    import tui.runs.recorder as recorder_module

    def full_disk(run_dir, snapshot):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recorder_module, "write_checkpoint", full_disk)
    finished = list(record(Trainer(tiny_config(epochs=2)), tmp_path / "run"))[-1]
    assert finished.reason == "completed"
    assert "resume checkpoint could not be written" in finished.message
