"""The progress panel's learning-rate line: the epoch's lr and a one-line chart of its course."""

from __future__ import annotations

from tui.app.sparkline import sparkline
from tui.app.widgets.progress_panel import LR_EPOCHS_SHOWN, ProgressPanel
from tui.core.events import EpochEnded, RunStarted


def test_the_sparkline_falls_with_a_falling_lr_on_a_log_scale():
    assert sparkline([0.1, 0.01, 0.001]) == "█▅▁"
    assert sparkline([0.01, 0.01]) == "██"
    assert sparkline([]) == ""


def epoch(n: int, lr: float | None) -> EpochEnded:
    return EpochEnded(n, n * 3, 0.5, 0.6, 0.8, 0.7, 0.7, None, 0.01, elapsed=0.1 * n, lr=lr)


def test_the_panel_shows_the_latest_lr_and_its_course():
    panel = ProgressPanel()
    panel.start(RunStarted("x", 90, 30, 32, 3, 90, "mini-batch", 40, "cpu", 30, "classification", "val_loss", 0, None, "", 1))
    for n in range(1, 31):
        panel.epoch_ended(epoch(n, 0.1 * 0.5 ** (n // 10)))
    lines = str(panel.render()).splitlines()
    line = next(text for text in lines if text.startswith("lr "))
    assert line.startswith("lr 0.0125 ") and len(line.split()[-1]) == LR_EPOCHS_SHOWN


def test_events_without_an_lr_leave_the_line_out():
    panel = ProgressPanel()
    panel.start(RunStarted("x", 90, 30, 32, 3, 90, "mini-batch", 40, "cpu", 30, "classification", "val_loss", 0, None, "", 1))
    panel.epoch_ended(epoch(1, None))
    assert not any(text.startswith("lr ") for text in str(panel.render()).splitlines())
