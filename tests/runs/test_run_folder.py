"""A run folder holds everything: config (loadable as a preset), metrics, events, best weights, checkpoint, summary."""

from __future__ import annotations

import json
import sys

import pytest

from tests.factories import tiny_config
from tui.core.config import load_config
from tui.core.events import EpochEnded, Finished, RunStarted
from tui.runs.folder import RunStore, tensorboard_writer, write_scalars
from tui.runs.listing import read_run
from tui.runs.metrics_file import read_metrics
from tui.runs.recorder import record
from tui.runs.resume import read_checkpoint
from tui.runs.weights import load_weights
from tui.training.trainer import Trainer


def test_run_folder_contents(tmp_path):
    run_dir = tmp_path / "tiny-1"
    trainer = Trainer(tiny_config())
    events = record(trainer, run_dir)
    assert isinstance(next(events), RunStarted)
    # While it trains the folder already says so: a run killed now is listed (as interrupted once its process is gone).
    assert json.loads((run_dir / "summary.json").read_text())["status"] == "running"
    assert read_run(run_dir).status == "running"
    assert read_checkpoint(run_dir)["epoch"] == 0
    rest = list(events)
    finished = rest[-1]
    assert isinstance(finished, Finished) and finished.reason == "completed"

    assert load_config(run_dir / "config.toml") == trainer.config
    assert [int(r["epoch"]) for r in read_metrics(run_dir)] == [0, 1, 2, 3, 4, 5, 6]
    ended = [e for e in rest if isinstance(e, EpochEnded)]
    for column in ("val_loss", "val_accuracy", "val_f1", "train_accuracy"):
        assert [float(r[column]) for r in read_metrics(run_dir)] == pytest.approx([getattr(e, column) for e in ended]), column
    logged = [json.loads(line) for line in (run_dir / "events.jsonl").read_text().splitlines()]
    assert logged[0]["event"] == "start" and logged[-1]["event"] == "end"
    assert sum(e["event"] == "epoch" for e in logged) == 7  # epoch 0 (before training) and 6

    best = load_weights(run_dir / "best.safetensors")
    assert set(best) == set(trainer.model.state_dict())
    snapshot = read_checkpoint(run_dir)
    assert snapshot["epoch"] == 6 and snapshot["global_step"] == finished.metrics["global_step"]
    assert snapshot["optimizer"]["state"], "the optimizer's moments are saved"
    assert snapshot["stopper"]["best_epoch"] == finished.best_epoch

    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["status"] == "finished" and summary["reason"] == "completed"
    for key in ("best_epoch", "best", "seconds", "device", "data_fingerprint", "versions", "started_at"):
        assert summary[key] is not None, key
    assert summary["versions"]["torch"]
    assert read_run(run_dir).status == "completed"


def test_tensorboard_is_optional(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", None)  # as if the tensorboard package were missing
    assert tensorboard_writer(tmp_path) is None
    events = list(record(Trainer(tiny_config(epochs=2)), tmp_path / "run"))
    assert events[-1].reason == "completed"
    assert not list((tmp_path / "run").glob("events.out.tfevents*"))


def test_tensorboard_scalars_per_epoch(tmp_path):
    class Recorder:
        def __init__(self):
            self.scalars = []

        def add_scalar(self, tag, value, step):
            self.scalars.append((tag, step))

        def flush(self):
            pass

        def close(self):
            pass

    store = RunStore(tmp_path)
    store._tensorboard = recorder = Recorder()
    event = EpochEnded(epoch=3, global_step=9, train_loss=0.5, val_loss=0.6, train_accuracy=0.8, val_accuracy=0.7,
                       val_f1=0.65, val_mae=None, seconds=0.1)
    store.record(event)
    store.close()
    assert ("loss/train", 3) in recorder.scalars and ("loss/val", 3) in recorder.scalars
    assert ("accuracy/val", 3) in recorder.scalars
    assert not any(tag == "mae/val" for tag, _ in recorder.scalars)  # None is not a scalar
    write_scalars(recorder, event)  # usable on its own too
