"""A headless run whose output can no longer be written (SSH dropped: the terminal answers EIO; the reader
of a pipe went away) stops like SIGHUP and still finishes its run folder, instead of dying mid-way."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from rich.console import Console

from tests.factories import tiny_config
from tui.headless.drive import run_headless
from tui.headless.view import HeadlessView
from tui.runs.recorder import record
from tui.runs.resume import read_checkpoint
from tui.runs.weights import load_weights
from tui.training.trainer import Trainer


class DiesAtEpoch3(io.StringIO):
    """An output that fails from the third epoch's line on, like a terminal after a hang-up."""

    def __init__(self, error: OSError):
        super().__init__()
        self.error, self.dead = error, False

    def write(self, text):
        if self.dead or '"epoch": 3,' in text or "epoch 3/" in text:
            self.dead = True
            raise self.error
        return super().write(text)


@pytest.mark.parametrize(
    "where, error",
    [("terminal", OSError(5, "Input/output error")), ("jsonl", BrokenPipeError(32, "Broken pipe"))],
    ids=["terminal gone (EIO)", "pipe closed"],
)
def test_losing_the_output_stops_the_run_and_finishes_its_folder(tmp_path, where, error):
    out = DiesAtEpoch3(error)
    console = Console(file=out if where == "terminal" else io.StringIO(), width=100)
    view = HeadlessView(console, jsonl=out if where == "jsonl" else None)
    run_dir = tmp_path / "run"
    trainer = Trainer(tiny_config(epochs=500))
    finished = run_headless(record(trainer, run_dir), trainer.stop, view)
    assert finished.reason == "stopped" and finished.epochs < 500
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "finished" and summary["reason"] == "stopped"
    assert load_weights(run_dir / "best.safetensors")
    assert read_checkpoint(run_dir)["epoch"] <= finished.epochs


def test_train_piped_into_a_reader_that_quits_stops_cleanly(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "train", "iris", "--set", "training.epochs=1000000", "--runs-dir", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        for _ in range(3):  # like `| head -3`
            process.stdout.readline()
        process.stdout.close()
        process.wait(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    (run_dir,) = tmp_path.iterdir()
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["reason"] == "stopped"
    assert "internal error" not in process.stderr.read()


def test_a_sweep_piped_into_a_reader_that_quits_stops_cleanly(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "sweep", "compare-learning-rates", "--set", "training.epochs=100000", "--log",
         "--runs-dir", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        process.stdout.readline()  # the header; with --log every epoch writes, so a closed pipe is met at once
        process.stdout.close()
        assert process.wait(timeout=120) == 0
    finally:
        if process.poll() is None:
            process.kill()
    summaries = [json.loads((run / "summary.json").read_text(encoding="utf-8")) for run in tmp_path.iterdir()]
    assert summaries and all(s["reason"] == "stopped" for s in summaries)
    assert process.stderr.read() == ""


def test_a_study_piped_into_a_reader_that_quits_ends_with_no_trial_left_running(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "tune", "tune-iris", "--trials", "50", "--runs-dir", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        process.stdout.readline()
        process.stdout.close()  # the next trial's line meets a closed pipe
        assert process.wait(timeout=180) == 0
    finally:
        if process.poll() is None:
            process.kill()
    import optuna

    study = optuna.load_study(study_name="tune-iris", storage=f"sqlite:///{tmp_path / 'optuna.db'}")
    states = [trial.state.name for trial in study.trials]
    assert 1 <= len(states) < 50 and "RUNNING" not in states
    assert process.stderr.read() == ""
