"""The headless log a person reads speaks Spanish when asked; the lecture's PyTorch log lines stay as it prints them."""

from __future__ import annotations

import io

from rich.console import Console

import tui.headless.view as view_module
from tui.core.events import Diagnosed, EpochEnded, StepTraced
from tui.core.vocabulary import CLASSIFICATION
from tui.headless.view import HeadlessView, epoch_log


def epoch(number: int) -> EpochEnded:
    return EpochEnded(epoch=number, global_step=number, train_loss=0.5, val_loss=0.25, train_accuracy=0.5,
                      val_accuracy=0.75, val_f1=None, val_mae=None, seconds=0.1)


def test_the_epoch_log_keeps_the_lectures_lines_and_says_before_training_in_spanish(spanish):
    assert epoch_log(epoch(0), CLASSIFICATION)[0] == "Epoch 0 (antes de entrenar)"
    assert epoch_log(epoch(3), CLASSIFICATION) == ["Epoch 3", "train_loss : 0.5000 val_loss : 0.2500",
                                                   "train_accuracy : 50.00 val_accuracy : 75.00"]


def test_a_traced_step_reads_in_spanish_with_decimal_commas(spanish):
    out = io.StringIO()
    view = HeadlessView(Console(file=out, width=200))
    view(StepTraced(step=1, epoch=1, inputs=[[1.0, 2.0]], target=[1.0], forward={"hidden1": [[0.5]]}, prediction=[0.75],
                    loss=0.125, gradients={"w": [[0.25]]}, updated={"w": [[0.5]]}, lr=0.1))
    lines = out.getvalue().splitlines()
    assert lines[0] == "Paso 1 (época 1): entrada [[1, 2]] objetivo [1]"
    assert lines[1] == "  hacia adelante hidden1: [[0.5]]"
    assert lines[2] == "  predicción [0.75]  pérdida 0,1250000"
    assert lines[3].startswith("  actualización: w = w - 0,1 x d loss/d w")


def test_event_messages_are_shown_through_translated(monkeypatch):
    monkeypatch.setattr(view_module, "translated", lambda text: f"<{text}>")
    out = io.StringIO()
    HeadlessView(Console(file=out, width=200))(Diagnosed(epoch=2, state="overfitting", message="Overfitting since epoch 1."))
    assert out.getvalue().strip() == "<Overfitting since epoch 1.>"
