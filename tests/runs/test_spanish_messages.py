"""The run folder's messages read in Spanish where they are shown, and stay English where they travel (the
notes of RunInfo, UserError's text, summary.json): docs/DESIGN.md §Languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.runs.helpers import fake_run
from tui.cli import main
from tui.core.errors import UserError
from tui.core.i18n import translated
from tui.runs.listing import list_runs, resolve_run, shown_note
from tui.runs.lock import in_use_message

NAME = "edited-20260101-100000"


def test_an_unknown_run_name_is_refused_in_spanish_on_the_command_line(spanish, tmp_path, capsys):
    fake_run(tmp_path, "good-20260101-090000")
    assert main(["runs", "show", "nope", "--runs-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no hay ninguna ejecución llamada 'nope'" in err and "ejecuciones recientes: good-20260101-090000" in err


def test_the_error_itself_stays_english(spanish, tmp_path):
    with pytest.raises(UserError) as refused:
        resolve_run("nope", tmp_path)
    message = str(refused.value)
    assert message == f"no run named 'nope' in {tmp_path}; recent runs: none yet (see `nn-tui runs`)"
    assert translated(message) == (f"no hay ninguna ejecución llamada 'nope' en {tmp_path}; "
                                   "todavía no hay ejecuciones (mira `nn-tui runs`)")


def test_a_damaged_folders_notes_read_in_spanish_part_by_part(spanish, tmp_path):
    path = fake_run(tmp_path, NAME, reason="stopped")
    summary = json.loads((path / "summary.json").read_text(encoding="utf-8"))
    (path / "summary.json").write_text(json.dumps({**summary, "epochs": "abc", "best": "low"}), encoding="utf-8")
    (path / "config.toml").unlink()
    note = list_runs(tmp_path)[0].note
    assert note == "config.toml missing; summary.json: 'epochs' must be a whole number >= 0; summary.json: 'best' must be a number"
    assert shown_note(note) == ("falta config.toml; summary.json: 'epochs' debe ser un número entero >= 0; "
                                "summary.json: 'best' debe ser un número")


def test_english_notes_are_shown_as_they_are(tmp_path):
    path = fake_run(tmp_path, NAME, reason="stopped")
    (path / "summary.json").write_text("[1, 2]", encoding="utf-8")
    note = list_runs(tmp_path)[0].note
    assert shown_note(note) == note == "summary.json is not an object"


def test_a_folder_in_use_says_so_in_spanish(spanish):
    assert translated(in_use_message(Path("runs/x-1"), 4321)) == \
        "x-1: en uso por el proceso 4321 (una ejecución está entrenando en esta carpeta; detenla primero)"
    assert translated(in_use_message(Path("runs/x-1"), None)).startswith("x-1: en uso por otro proceso")


def test_resume_refusals_read_in_spanish(spanish, tmp_path, capsys):
    fake_run(tmp_path, NAME, reason="stopped")  # no resume.pt: cannot be resumed
    assert main(["train", "--resume", NAME, "--runs-dir", str(tmp_path)]) == 2
    assert "no hay punto de control para reanudar (resume.pt); esta ejecución no se puede reanudar" in capsys.readouterr().err



def test_a_run_in_spanish_writes_english_and_reads_spanish(spanish, tmp_path, monkeypatch):
    import tui.runs.recorder as recorder_module
    from tests.factories import tiny_config
    from tui.training.trainer import Trainer

    def full_disk(run_dir, snapshot):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recorder_module, "write_checkpoint", full_disk)
    finished = list(recorder_module.record(Trainer(tiny_config(epochs=2)), tmp_path / "run"))[-1]
    assert finished.message.endswith(" The resume checkpoint could not be written (No space left on device).")
    events = (tmp_path / "run" / "events.jsonl").read_text(encoding="utf-8")
    assert "The resume checkpoint could not be written" in events and "No se pudo" not in events
    shown = translated(finished.message.strip())  # a completed run's message was empty: the note alone, as shown
    assert shown == "No se pudo escribir el punto de control para reanudar (No space left on device)."
    assert translated("Diverged. " + finished.message.strip()).endswith(" No se pudo escribir el punto de control para reanudar "
                                                                       "(No space left on device).")
