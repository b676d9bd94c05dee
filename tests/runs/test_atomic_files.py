"""Every file a run replaces survives a write that fails part way: the previous good file stays, loadable,
and no temp file is left. Files × ways to fail (full disk mid-write, failing fsync, crash before the
rename, Ctrl+C mid-write); and a run whose checkpoint the disk refuses says so and carries on."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.factories import tiny_config
from tests.faults import HalfWriter
from tui.core import atomic
from tui.runs.folder import RunStore
from tui.runs.metrics_file import read_metrics, truncate_metrics
from tui.runs.recorder import record
from tui.runs.resume import CHECKPOINT_NAME, read_checkpoint, write_checkpoint
from tui.runs.weights import load_weights
from tui.training.trainer import Trainer


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory) -> Path:
    run_dir = tmp_path_factory.mktemp("atomic") / "run"
    list(record(Trainer(tiny_config(epochs=4)), run_dir))
    return run_dir


def rewrite(name: str, run_dir: Path) -> None:
    """Replace `name` in the run folder with different content, the way the trainer does."""
    if name == CHECKPOINT_NAME:
        snapshot = read_checkpoint(run_dir)
        snapshot["epoch"] = 99
        write_checkpoint(run_dir, snapshot)
    elif name == "metrics.csv":
        truncate_metrics(run_dir, 1)
        return
    store = RunStore(run_dir)
    try:
        if name == "best.safetensors":
            store.save_best({k: v * 2 for k, v in load_weights(run_dir / name).items()})
        elif name == "summary.json":
            store.write_summary({"status": "finished", "reason": "completed", "note": "x" * 10_000})
        elif name == "config.toml":
            store.write_config(tiny_config(epochs=1234))
    finally:
        store.close()


def still_loads(name: str, run_dir: Path) -> None:
    path = run_dir / name
    if name == "best.safetensors":
        assert load_weights(path)
    elif name == CHECKPOINT_NAME:
        assert read_checkpoint(run_dir)["epoch"] == 4
    elif name == "summary.json":
        assert json.loads(path.read_text(encoding="utf-8"))["reason"] == "completed"
    elif name == "config.toml":
        assert tomllib.loads(path.read_text(encoding="utf-8"))["training"]["epochs"] == 4
    elif name == "metrics.csv":
        assert len(read_metrics(run_dir)) == 5  # epochs 0 (before training) to 4


def fail(how: str, monkeypatch) -> type[BaseException]:
    if how in ("full disk mid-write", "ctrl+c mid-write"):
        error = OSError(28, "No space left on device") if how == "full disk mid-write" else KeyboardInterrupt()
        real_fdopen = atomic.os.fdopen
        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode), error))
        return type(error)

    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync" if how == "failing fsync" else "replace", broken)
    return OSError


FILES = ["best.safetensors", CHECKPOINT_NAME, "summary.json", "config.toml", "metrics.csv"]
WAYS = ["full disk mid-write", "failing fsync", "crash before the rename", "ctrl+c mid-write"]


@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize("name", FILES)
def test_a_failed_write_leaves_the_previous_file_whole(finished_run, tmp_path, monkeypatch, name, how):
    run_dir = tmp_path / "run"
    shutil.copytree(finished_run, run_dir)
    before = (run_dir / name).read_bytes()
    with monkeypatch.context() as patch:
        expected = fail(how, patch)
        with pytest.raises(expected):
            rewrite(name, run_dir)
    assert (run_dir / name).read_bytes() == before
    still_loads(name, run_dir)
    assert [p.name for p in run_dir.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("name", FILES)
def test_the_same_write_without_a_fault_does_replace_the_file(finished_run, tmp_path, name):
    run_dir = tmp_path / "run"
    shutil.copytree(finished_run, run_dir)
    before = (run_dir / name).read_bytes()
    rewrite(name, run_dir)
    assert (run_dir / name).read_bytes() != before, "the fault tests above would pass vacuously"


def test_a_refused_checkpoint_write_is_reported_not_fatal(tmp_path, monkeypatch):
    import tui.runs.recorder as recorder_module

    def full_disk(run_dir, snapshot):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recorder_module, "write_checkpoint", full_disk)
    finished = list(record(Trainer(tiny_config(epochs=2)), tmp_path / "run"))[-1]
    assert finished.reason == "completed"
    assert "resume checkpoint could not be written" in finished.message
