"""Commands that never train leave the current folder alone: no ./runs, no crash log when nothing went wrong."""

from __future__ import annotations

import errno
import io
import sys
import tempfile

import pytest

from tui.cli import main


class FullDisk(io.StringIO):
    """stdout on a full disk (`nn-tui presets > /dev/full`)."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def bare_folder(tmp_path, monkeypatch):
    """The current folder with no runs folder configured, and a temp folder to look for crash logs in."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NN_TUI_RUNS_DIR", raising=False)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return tmp_path


def test_presets_creates_no_runs_folder(bare_folder, capsys):
    assert main(["presets"]) == 0
    assert not (bare_folder / "runs").exists()


def test_an_output_that_cannot_be_written_is_no_crash(bare_folder, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", FullDisk())
    assert main(["presets", "--full"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "nn-tui: cannot write the output (No space left on device)"
    assert not (bare_folder / "runs").exists() and not list((bare_folder / "tmp").iterdir())


def test_a_real_crash_in_presets_logs_to_the_temp_folder(bare_folder, capsys, monkeypatch):
    import tui.core.presets

    def broken() -> list:
        raise RuntimeError("a bug")

    monkeypatch.setattr(tui.core.presets, "list_presets", broken)
    assert main(["presets"]) == 1
    assert "internal error" in capsys.readouterr().err
    assert not (bare_folder / "runs").exists()
    assert [p.name.startswith("crash-") for p in (bare_folder / "tmp").iterdir()] == [True]
