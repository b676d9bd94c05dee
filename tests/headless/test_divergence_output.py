"""A diverged run says why once: the Diverged notice, then an end line that adds only what is new (a note on files)."""

from __future__ import annotations

from rich.console import Console

from tests.factories import tiny_iris
from tui.core.events import Finished
from tui.headless.drive import run_headless
from tui.headless.view import HeadlessView
from tui.runs.recorder import record
from tui.text.notices import end_mark, finished_text
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
    # Nothing shown before it (the run summary, a sweep's table): the reason stays, without repeating the head "Diverged".
    assert finished_text(end).startswith("Diverged after 3 epochs") and "The training loss is no longer finite." in finished_text(end)


def test_a_run_that_diverges_before_any_best_says_no_weights_were_saved(tmp_path):
    console = Console(record=True, width=400, force_terminal=False)
    trainer = Trainer(tiny_iris(training={"lr": 1e6, "optimizer": "sgd", "epochs": 30}))
    finished = run_headless(record(trainer, tmp_path / "run"), trainer.stop, HeadlessView(console))
    assert finished.reason == "diverged" and finished.best_epoch is None
    assert not (tmp_path / "run" / "best.safetensors").exists()
    text = console.export_text()
    assert "No weights were saved" in text and "kept" not in text
    banner = f"{end_mark(finished.reason)} {finished_text(finished)}"  # what the app's end banner shows
    assert banner.startswith("✗ Diverged after ") and "Done" not in banner and "kept" not in banner
    assert "No weights were saved" in banner


def test_a_run_that_diverges_after_a_best_keeps_it():
    trainer = Trainer(tiny_iris(training={"lr": 0.05, "epochs": 30}))
    trainer.setup()
    assert "No weights were saved" in trainer._divergence_message("exploded")
    trainer.best_state = {}  # an earlier epoch improved
    assert trainer._divergence_message("exploded").endswith("The best weights so far are kept.")
