"""A diverged run says why once: the Diverged notice, then an end line that adds only what is new (a note on files)."""

from __future__ import annotations

from rich.console import Console

from tests.factories import tiny_iris
from tui.core.events import Finished
from tui.headless.drive import run_headless
from tui.headless.view import HeadlessView
from tui.runs.recorder import record
from tui.text.notices import finished_text
from tui.training.trainer import Trainer


def test_headless_prints_the_divergence_message_once(tmp_path):
    console = Console(record=True, width=400, force_terminal=False)
    trainer = Trainer(tiny_iris(training={"lr": 1e6, "optimizer": "sgd", "epochs": 30}))
    finished = run_headless(record(trainer, tmp_path / "run"), trainer.stop, HeadlessView(console))
    assert finished.reason == "diverged"
    text = console.export_text()
    assert text.count("Diverged: the training loss") == 1
    assert f"after {finished.epochs} epoch" in text  # the end line is there too


def test_the_end_line_keeps_a_note_on_files_and_drops_what_was_said():
    said = "Diverged: the training loss is no longer finite. Try training.lr = 0.1."
    end = Finished("diverged", 3, 1, 0.5, "runs/x", "val_loss", 1.0, message=f"{said} The checkpoint could not be written (disk full).")
    assert said not in finished_text(end, said)
    assert "The checkpoint could not be written (disk full)." in finished_text(end, said)
    assert said in finished_text(end)  # nothing shown before it (the run summary, a sweep's table): the reason stays
