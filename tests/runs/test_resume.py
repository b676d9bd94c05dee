"""Resume: a run stopped at epoch k and resumed gives the same metrics as one that never stopped."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

import pytest
import torch

import tui.runs.recorder as recorder_module
from tests.factories import exploding_config, tiny_config, with_changes
from tui.core.errors import UserError
from tui.core.events import EpochEnded, Progress, RunStarted
from tui.runs.metrics_file import read_metrics
from tui.runs.recorder import record
from tui.runs.resume import CHECKPOINT_NAME, all_finite, read_checkpoint, resume_config
from tui.training.trainer import Trainer

TIMING = ("seconds", "elapsed")


def metrics(run_dir: Path) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k not in TIMING} for row in read_metrics(run_dir)]


def train(config, run_dir: Path, *, resume: bool = False, stop_after: int | None = None, stop_when=None) -> list:
    trainer = Trainer(config, progress_interval=0.0 if stop_when else 0.1)
    events = []
    for event in record(trainer, run_dir, resume=resume):
        events.append(event)
        if isinstance(event, EpochEnded) and event.epoch == stop_after:
            trainer.stop.set()
        if stop_when is not None and stop_when(event):
            trainer.stop.set()
    return events


def test_stopped_and_resumed_run_matches_an_uninterrupted_one(tmp_path):
    config = tiny_config(epochs=8)
    train(config, tmp_path / "whole")
    stopped = train(config, tmp_path / "split", stop_after=3)
    assert stopped[-1].reason == "stopped" and stopped[-1].epochs == 3
    resumed = train(resume_config(tmp_path / "split"), tmp_path / "split", resume=True)
    started = next(e for e in resumed if isinstance(e, RunStarted))
    assert started.start_epoch == 3
    assert [e.epoch for e in resumed if isinstance(e, EpochEnded)] == [4, 5, 6, 7, 8]
    assert metrics(tmp_path / "split") == metrics(tmp_path / "whole")
    elapsed = [float(r["elapsed"]) for r in read_metrics(tmp_path / "split")]
    assert elapsed == sorted(elapsed), "training time continues across the resume"


def test_early_stopping_wait_counter_and_best_survive_a_resume(tmp_path):
    # min_delta this large means only the first epoch counts as an improvement: wait grows 1, 2, 3, ...
    config = with_changes(tiny_config(epochs=20), early_stopping={"patience": 4, "min_delta": 10.0})
    whole = train(config, tmp_path / "whole")[-1]
    assert whole.reason == "early_stop" and whole.epochs == 5
    train(config, tmp_path / "split", stop_after=3)
    resumed = train(resume_config(tmp_path / "split"), tmp_path / "split", resume=True)[-1]
    assert (resumed.reason, resumed.epochs, resumed.best_epoch, resumed.best) == (whole.reason, whole.epochs, whole.best_epoch, whole.best)
    assert resumed.restored_best


def test_a_finished_run_trains_on_with_more_epochs(tmp_path):
    train(tiny_config(epochs=7), tmp_path / "seven")
    train(tiny_config(epochs=4), tmp_path / "four")
    with pytest.raises(UserError, match="training.epochs=N"):
        list(record(Trainer(resume_config(tmp_path / "four")), tmp_path / "four", resume=True))
    extended = train(resume_config(tmp_path / "four", ["training.epochs=7"]), tmp_path / "four", resume=True)
    assert extended[-1].reason == "completed" and extended[-1].epochs == 7
    assert metrics(tmp_path / "four") == metrics(tmp_path / "seven")


def test_a_stop_inside_an_epoch_resumes_from_the_last_snapshot(tmp_path, monkeypatch):
    monkeypatch.setattr(recorder_module, "SNAPSHOT_EVERY_SECONDS", 0.0)  # a snapshot every epoch
    config = tiny_config(epochs=6)
    train(config, tmp_path / "whole")
    stopped = train(config, tmp_path / "split", stop_when=lambda e: isinstance(e, Progress) and e.epoch == 4 and e.step == 2)
    assert stopped[-1].reason == "stopped" and stopped[-1].epochs == 3
    assert read_checkpoint(tmp_path / "split")["epoch"] == 3
    train(resume_config(tmp_path / "split"), tmp_path / "split", resume=True)
    assert metrics(tmp_path / "split") == metrics(tmp_path / "whole")


def test_resume_after_a_kill_drops_rows_written_after_the_checkpoint(tmp_path):
    config = tiny_config(epochs=6)
    train(config, tmp_path / "whole")
    run_dir = tmp_path / "killed"
    events = record(Trainer(config), run_dir)
    for event in events:  # the checkpoint is still the one written at the start (epoch 0)
        if isinstance(event, EpochEnded) and event.epoch == 2:
            break
    events.close()  # the process 'dies': no Finished, no final checkpoint
    with open(run_dir / "metrics.csv", "a", encoding="utf-8") as handle:
        handle.write("3,9,0.5")
    assert read_checkpoint(run_dir)["epoch"] == 0
    train(resume_config(run_dir), run_dir, resume=True)
    assert metrics(run_dir) == metrics(tmp_path / "whole")


def test_divergence_keeps_the_last_finite_state(tmp_path, monkeypatch):
    monkeypatch.setattr(recorder_module, "SNAPSHOT_EVERY_SECONDS", 0.0)  # a snapshot after every finite epoch
    finished = train(exploding_config(2.5, 100.0), tmp_path / "run")[-1]  # finite epochs, then it explodes
    assert finished.reason == "diverged"
    snapshot = read_checkpoint(tmp_path / "run")
    assert all_finite(snapshot["model"])
    assert snapshot["epoch"] >= 1, "a state trained past the start, not the one written before the first step"
    assert snapshot["epoch"] == finished.epochs - 1, "the epoch before the one that diverged"


def test_resume_refuses_changing_the_experiment(tmp_path):
    train(tiny_config(epochs=2), tmp_path / "run", stop_after=1)
    with pytest.raises(UserError, match="training.optimizer"):
        resume_config(tmp_path / "run", ["training.optimizer=sgd"])
    assert resume_config(tmp_path / "run", ["training.lr=0.001"]).training.lr == 0.001


def corrupt_with(run_dir: Path, data: bytes) -> None:
    (run_dir / CHECKPOINT_NAME).write_bytes(data)


class RunsCode:
    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "code", "missing"])
def test_corrupted_or_foreign_checkpoint_is_a_clear_error(tmp_path, damage):
    run_dir = tmp_path / "run"
    train(tiny_config(epochs=3), run_dir, stop_after=1)
    good = (run_dir / CHECKPOINT_NAME).read_bytes()
    marker = tmp_path / "code-ran"
    if damage == "garbage":
        corrupt_with(run_dir, b"\x00not a checkpoint" * 10)
    elif damage == "truncated":
        corrupt_with(run_dir, good[: len(good) // 2])
    elif damage == "foreign":
        buffer = io.BytesIO()
        torch.save({"state_dict": {"w": torch.zeros(2)}}, buffer)
        corrupt_with(run_dir, buffer.getvalue())
    elif damage == "code":
        payload = RunsCode()
        payload.marker = str(marker)
        buffer = io.BytesIO()
        torch.save(payload, buffer, pickle_module=pickle)
        corrupt_with(run_dir, buffer.getvalue())
    else:
        (run_dir / CHECKPOINT_NAME).unlink()
    with pytest.raises(UserError, match="checkpoint|cannot be resumed"):
        list(record(Trainer(resume_config(run_dir)), run_dir, resume=True))
    assert not marker.exists(), "loading a checkpoint must never run code"


def test_a_checkpoint_from_another_network_is_refused(tmp_path):
    train(tiny_config(epochs=2), tmp_path / "small", stop_after=1)
    bigger = with_changes(tiny_config(epochs=2), model={"hidden": [9]})
    train(bigger, tmp_path / "big", stop_after=1)
    (tmp_path / "big" / CHECKPOINT_NAME).write_bytes((tmp_path / "small" / CHECKPOINT_NAME).read_bytes())
    with pytest.raises(UserError, match="does not fit"):
        list(record(Trainer(resume_config(tmp_path / "big")), tmp_path / "big", resume=True))


def test_train_resume_command(tmp_path, capsys):
    from tui.cli import main

    root = tmp_path / "runs"
    train(tiny_config(epochs=4), root / "tiny-20260101-000000", stop_after=2)
    assert main(["train", "--resume", "tiny", "--runs-dir", str(root), "--quiet"]) == 0
    assert [int(r["epoch"]) for r in read_metrics(root / "tiny-20260101-000000")] == [0, 1, 2, 3, 4]
    assert main(["train", "iris", "--resume", "tiny", "--runs-dir", str(root)]) == 2
    assert "drop the preset" in capsys.readouterr().err
    assert main(["train", "--runs-dir", str(root)]) == 2


def test_resumed_run_ends_with_the_same_best_weights(tmp_path):
    config = tiny_config(epochs=8)
    whole = Trainer(config)
    list(record(whole, tmp_path / "whole"))
    train(config, tmp_path / "split", stop_after=5)
    resumed = Trainer(resume_config(tmp_path / "split"))
    list(record(resumed, tmp_path / "split", resume=True))
    expected, got = whole.model.state_dict(), resumed.model.state_dict()
    assert all(torch.equal(expected[k], got[k]) for k in expected)
    from tui.runs.weights import load_weights

    on_disk = load_weights(tmp_path / "split" / "best.safetensors")
    assert all(torch.equal(on_disk[k], got[k]) for k in got)


def test_resume_refuses_data_that_changed(tmp_path):
    train(tiny_config(epochs=4), tmp_path / "run", stop_after=2)
    other_data = with_changes(tiny_config(epochs=4), data={"noise": 0.3})
    with pytest.raises(UserError, match="data differ"):
        list(record(Trainer(other_data), tmp_path / "run", resume=True))


def test_resume_refuses_a_run_that_is_still_training(tmp_path, capsys):
    from tui.cli import main

    root = tmp_path / "runs"
    events = record(Trainer(tiny_config(epochs=4)), root / "tiny-20260101-000000")
    next(events)  # started: its summary says running, with this (live) process
    assert main(["train", "--resume", "tiny", "--runs-dir", str(root)]) == 2
    assert f"in use by process {os.getpid()}" in capsys.readouterr().err
    events.close()
