"""What a run folder holds: file modes that follow the umask, no empty folder from a run that never started
(the CLI, a sweep, a tune trial, the app's training process), and a --runs-dir that is a file refused in one line."""

from __future__ import annotations

import io
import os
import stat
import time
from pathlib import Path

import pytest
import tomli_w

import tui.training.trainer as trainer_module
import tui.worker.child as child
from tests.factories import open_commands, tiny_config, tune_config
from tui.cli import main
from tui.core.config import config_to_dict, validate_config
from tui.core.errors import UserError
from tui.core.tune_events import TrialStarted
from tui.experiments.sweep import run_sweep
from tui.experiments.tune.study import resolve_storage
from tui.experiments.tune.tuner import Tuner
from tui.runs.recorder import record
from tui.training.trainer import Trainer
from tui.worker.protocol import Request


@pytest.fixture
def umask():
    saved = os.umask(0o022)

    def set_to(mask: int) -> None:
        os.umask(mask)

    yield set_to
    os.umask(saved)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_every_file_in_a_run_folder_follows_the_umask(tmp_path, umask, mask):
    umask(mask)
    run_dir = tmp_path / "run"
    list(record(Trainer(tiny_config(epochs=3)), run_dir))
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in run_dir.iterdir() if p.is_file()}
    assert {"config.toml", "model.json", "summary.json", "resume.pt", "best.safetensors", "metrics.csv", "events.jsonl"} <= set(modes)
    assert set(modes.values()) == {0o666 & ~mask}, modes


def preset(tmp_path: Path, **sections) -> Path:
    raw = config_to_dict(tiny_config(epochs=2))
    raw.update(sections)
    path = tmp_path / "tiny.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return path


def refuse_set_up(monkeypatch) -> None:
    """A Trainer that cannot even be made (the run never starts)."""
    def refused(*args, **kwargs):
        raise UserError("refused")

    monkeypatch.setattr(trainer_module.Trainer, "__init__", refused)


def test_the_cli_leaves_no_empty_folder_when_the_run_never_starts(tmp_path, capsys):
    runs = tmp_path / "runs"
    assert main(["train", str(preset(tmp_path)), "--runs-dir", str(runs), "--jsonl", str(tmp_path / "no" / "x.jsonl")]) == 2
    assert not runs.exists() or list(runs.iterdir()) == []


def test_a_sweep_leaves_no_empty_folder_when_a_run_never_starts(tmp_path, monkeypatch):
    raw = config_to_dict(tiny_config(epochs=2))
    raw["sweep"] = {"training.lr": [0.1, 0.2]}
    config = validate_config(raw)
    refuse_set_up(monkeypatch)
    with pytest.raises(UserError):
        list(run_sweep(config, tmp_path / "runs"))
    assert list((tmp_path / "runs").iterdir()) == []


def test_a_tune_trial_closed_before_it_trains_leaves_no_folder(tmp_path):
    config = tune_config()
    events = Tuner(config, resolve_storage("memory", tmp_path), runs_dir=tmp_path / "runs").run()
    for event in events:
        if isinstance(event, TrialStarted):
            break
    events.close()  # the study is closed between the trial's folder and its first epoch
    assert list((tmp_path / "runs").iterdir()) == []


def test_the_training_process_leaves_no_empty_folder_when_the_run_never_starts(tmp_path, monkeypatch):
    refuse_set_up(monkeypatch)
    out = io.StringIO()
    with open_commands() as commands:
        assert child.train(Request("train", tiny_config(epochs=2), tmp_path / "runs"), commands, out) == 2
    assert list((tmp_path / "runs").iterdir()) == []


@pytest.mark.parametrize("below", [False, True])
def test_a_runs_dir_that_is_a_file_is_one_line_and_exit_2(tmp_path, capsys, below):
    file = tmp_path / "taken"
    file.write_text("not a folder", encoding="utf-8")
    runs = file / "sub" if below else file
    started = time.perf_counter()
    assert main(["train", str(preset(tmp_path)), "--runs-dir", str(runs)]) == 2
    err = capsys.readouterr().err
    assert f"runs folder {runs}" in err and "internal error" not in err and len(err.strip().splitlines()) == 1
    assert time.perf_counter() - started < 5
