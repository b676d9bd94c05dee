"""A disk that fills up during training: the run ends as failed, saying so, and its summary does not stay 'running'."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

import tui.runs.folder as folder_module
import tui.runs.resume as resume_module
import tui.runs.weights as weights_module
from tests.factories import tiny_config
from tui.core.events import EpochEnded, Finished
from tui.runs.crash_report import save_crash_report
from tui.runs.folder import RunStore
from tui.runs.listing import read_run
from tui.runs.recorder import record
from tui.training.trainer import Trainer


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


class FullFile:
    """An open log file on a disk that just filled up: writes fail, and so does the flush inside close()."""

    def __init__(self, handle):
        self.handle = handle

    write = flush = staticmethod(no_space)

    @property
    def closed(self):
        return self.handle.closed

    def close(self):
        self.handle.close()
        no_space()


@pytest.fixture
def disk_fills_at_epoch_3(monkeypatch):
    real_record = RunStore.record

    def record_until_full(store, event):
        if isinstance(event, EpochEnded) and event.epoch == 3 and not isinstance(store._events, FullFile):
            store._events, store._metrics = FullFile(store._events), FullFile(store._metrics)
            for module, name in ((folder_module, "atomic_write_text"), (resume_module, "atomic_write_bytes"),
                                 (weights_module, "atomic_write_bytes")):
                monkeypatch.setattr(module, name, no_space)
        real_record(store, event)

    monkeypatch.setattr(RunStore, "record", record_until_full)


def test_a_full_disk_ends_the_run_as_failed_with_the_reason(tmp_path, disk_fills_at_epoch_3):
    run_dir = tmp_path / "run"
    finished = list(record(Trainer(tiny_config(epochs=6)), run_dir))[-1]
    assert isinstance(finished, Finished) and finished.reason == "failed"
    assert "No space left on device" in finished.message
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert (summary["status"], summary["reason"]) == ("finished", "failed")
    assert "No space left on device" in summary["message"]
    assert read_run(run_dir).status == "failed"


def test_the_headless_command_exits_1_with_one_message_not_an_internal_error(tmp_path, disk_fills_at_epoch_3, capsys):
    from tui.cli import main

    preset = tmp_path / "tiny.toml"
    preset.write_text(_tiny_preset(), encoding="utf-8")
    code = main(["train", str(preset), "--runs-dir", str(tmp_path / "runs")])
    out = capsys.readouterr()
    assert code == 1
    assert "internal error" not in out.out + out.err and "No space left on device" in out.out + out.err


def _tiny_preset() -> str:
    import tomli_w

    from tui.core.config import config_to_dict

    return tomli_w.dumps(config_to_dict(tiny_config(epochs=6)))


def test_a_crash_report_the_disk_refuses_leaves_no_empty_file(tmp_path, monkeypatch):
    def half_written(self, *_args, **_kwargs):
        self.touch()
        no_space()

    monkeypatch.setattr(Path, "write_text", half_written)
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "tmp"))
    assert save_crash_report(RuntimeError("bug"), tmp_path / "runs") == "(could not be written)"
    assert not list((tmp_path / "runs").iterdir()) and not list((tmp_path / "tmp").iterdir())
