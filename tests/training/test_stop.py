"""The stop flag (stop key, quit, SIGTERM, SIGHUP all set it) ends training within one step, paused or not,
with the checkpoint, the best weights and a 'stopped' summary on disk. The signals themselves are
tests/headless/test_signals.py's and tests/runs/test_interruption.py's; resuming is tests/runs/test_resume.py's."""

from __future__ import annotations

import json
import threading

from tests.factories import tiny_config
from tui.core.events import Paused, Progress
from tui.runs.listing import read_run
from tui.runs.recorder import record
from tui.runs.resume import read_checkpoint
from tui.runs.weights import load_weights
from tui.training.trainer import Trainer


def test_a_stop_set_from_another_thread_ends_training_within_one_step(tmp_path):
    trainer = Trainer(tiny_config(epochs=50, batch_size=4), progress_interval=0.0)
    asked_at = None
    for event in record(trainer, tmp_path / "run"):
        if asked_at is None and isinstance(event, Progress) and event.epoch == 3 and event.step == 5:
            asked_at = event.global_step
            setter = threading.Thread(target=trainer.stop.set)  # as the app's UI thread or a signal handler does
            setter.start()
            setter.join()
    finished = event
    assert finished.reason == "stopped"
    assert trainer.global_step == asked_at + 1, "the step under way finishes, no further one starts"
    run_dir = tmp_path / "run"
    assert load_weights(run_dir / "best.safetensors")
    assert finished.epochs == 2  # the last whole epoch
    assert read_checkpoint(run_dir)["epoch"] <= 2  # the last snapshot (taken at most ~1 s apart) at an epoch's end
    assert json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))["reason"] == "stopped"
    assert read_run(run_dir).status == "stopped"


def test_a_stop_while_paused_ends_the_run_without_another_step(tmp_path):
    trainer = Trainer(tiny_config(epochs=50, batch_size=4), progress_interval=0.0)
    steps_when_paused = None
    for event in record(trainer, tmp_path / "run"):
        if steps_when_paused is None and isinstance(event, Progress) and event.epoch == 2:
            trainer.pause.set()
        if isinstance(event, Paused) and event.paused:
            steps_when_paused = trainer.global_step
            threading.Timer(0.05, trainer.stop.set).start()
    assert event.reason == "stopped"
    assert trainer.global_step == steps_when_paused
    assert load_weights(tmp_path / "run" / "best.safetensors")
