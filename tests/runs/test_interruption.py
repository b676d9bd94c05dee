"""Interrupted runs (SIGTERM, SIGKILL, Ctrl+C) leave a checkpoint and best weights, are listed, and resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomli_w

from tests.factories import tiny_config
from tui.cli import main
from tui.core.config import config_to_dict
from tui.runs.listing import read_run
from tui.runs.metrics_file import read_metrics
from tui.runs.recorder import record
from tui.runs.resume import read_checkpoint
from tui.training.objective import Objective
from tui.training.trainer import Trainer


def start_long_run(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    preset = tmp_path / "long.toml"
    preset.write_text(tomli_w.dumps(config_to_dict(tiny_config(epochs=100_000))), encoding="utf-8")
    root = tmp_path / "runs"
    process = subprocess.Popen([sys.executable, "-m", "tui", "train", str(preset), "--runs-dir", str(root), "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, root


def wait_for_rows(root: Path, count: int, process: subprocess.Popen, limit: float = 120.0) -> Path:
    deadline = time.monotonic() + limit  # a guard against hanging, not a timing assertion
    while time.monotonic() < deadline:
        folders = list(root.glob("tiny-*")) if root.exists() else []
        if folders and (folders[0] / "metrics.csv").exists() and len(read_metrics(folders[0])) >= count:
            return folders[0]
        if process.poll() is not None:
            raise AssertionError(f"training ended early: {process.stderr.read() if process.stderr else ''}")
        time.sleep(0.05)
    raise AssertionError("no epochs appeared")


def epochs_in(run_dir: Path) -> list[int]:
    return [int(row["epoch"]) for row in read_metrics(run_dir)]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_run_is_listed_and_resumes(tmp_path, sig):
    process, root = start_long_run(tmp_path)
    try:
        run_dir = wait_for_rows(root, 3, process)
        process.send_signal(sig)
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    info = read_run(run_dir)
    if sig == signal.SIGTERM:
        assert code == 0 and info.status == "stopped"
        assert (run_dir / "best.safetensors").exists()
    else:
        assert info.status == "interrupted"  # no summary was written: the process was killed
    saved = read_checkpoint(run_dir)["epoch"]
    done = max(epochs_in(run_dir))
    assert saved <= done
    assert main(["train", "--resume", run_dir.name, "--runs-dir", str(root), "--quiet",
                 "--set", f"training.epochs={done + 2}"]) == 0
    assert epochs_in(run_dir) == list(range(done + 3)), "the curve continues, without gaps or repeats"
    assert read_run(run_dir).status == "completed"


def test_ctrl_c_inside_training_is_a_stop_that_keeps_a_checkpoint(tmp_path, monkeypatch):
    calls = {"n": 0}
    real_loss = Objective.loss

    def interrupted_loss(self, out, target):
        calls["n"] += 1
        if calls["n"] == 20:
            raise KeyboardInterrupt
        return real_loss(self, out, target)

    monkeypatch.setattr(Objective, "loss", interrupted_loss)
    finished = list(record(Trainer(tiny_config(epochs=50)), tmp_path / "run"))[-1]
    assert finished.reason == "stopped" and "Ctrl+C" in finished.message
    assert read_run(tmp_path / "run").status == "stopped"
    assert read_checkpoint(tmp_path / "run")["epoch"] <= finished.epochs
    assert os.path.exists(tmp_path / "run" / "summary.json")
