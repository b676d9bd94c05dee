"""Where the run is: epoch and step bars, speed, time, device, the monitored metric and patience.

A plain widget with `render()`: updating it repaints this panel only (no layout pass), so it
stays cheap enough to refresh several times a second while training.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.widget import Widget

from tui.app.formatting import duration, megabytes, rate, text_bar
from tui.app.sparkline import sparkline
from tui.core.events import EpochEnded, Progress, RunStarted
from tui.core.paces import pace_word
from tui.text.notices import number


@dataclass
class ProgressState:
    epoch: int = 0
    epochs: int = 0
    step: int = 0
    steps_per_epoch: int = 0
    global_step: int = 0
    total_steps: int = 0
    steps_per_second: float = 0.0
    samples_per_second: float = 0.0
    elapsed: float = 0.0
    device: str = ""
    monitor: str | None = None
    current: float | None = None
    best: float | None = None
    best_epoch: int | None = None
    wait: int = 0
    patience: int = 0
    device_memory: int | None = None
    batch_size: int = 0
    status: str = "starting"  # starting | training | paused | stopping | detached | done
    lrs: deque[float] = field(default_factory=lambda: deque(maxlen=LR_EPOCHS_SHOWN))  # the latest epochs' learning rates


LR_EPOCHS_SHOWN = 20


class ProgressPanel(Widget):
    DEFAULT_CSS = """
    ProgressPanel { width: 46; height: 11; border: round $primary; border-title-align: left; padding: 0 1; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = ProgressState()
        self.border_title = "Progress"
        self.created = time.monotonic()  # the wait before RunStarted is counted from here
        self.pace = pace_word(None)  # the pace the run is held to: "full" or steps per second

    def set_pace(self, steps_per_second: float | None) -> None:
        self.pace = pace_word(steps_per_second) + ("" if steps_per_second is None else "/s")

    def start(self, event: RunStarted) -> None:
        device = event.device + (f" · {event.device_name}" if event.device_name else "")
        if event.threads:
            device += f" · {event.threads} thread{'s' if event.threads != 1 else ''}"
        self.state = ProgressState(
            epoch=event.start_epoch, epochs=event.epochs, steps_per_epoch=event.steps_per_epoch,
            total_steps=event.total_steps, batch_size=event.batch_size, device=device, monitor=event.monitor, patience=event.patience,
            status="training",
        )

    def progress(self, event: Progress) -> None:
        s = self.state
        s.epoch, s.step, s.global_step = event.epoch, event.step, event.global_step
        s.steps_per_second, s.samples_per_second, s.elapsed = event.steps_per_second, event.samples_per_second, event.elapsed
        s.device_memory = event.device_memory

    def epoch_ended(self, event: EpochEnded) -> None:
        s = self.state
        s.epoch, s.step, s.global_step, s.elapsed = event.epoch, s.steps_per_epoch, event.global_step, event.elapsed or s.elapsed
        if s.elapsed > 0:  # short runs may end before their first progress event
            s.steps_per_second = s.global_step / s.elapsed
            s.samples_per_second = s.steps_per_second * s.batch_size
        if s.monitor:
            s.current = getattr(event, s.monitor, None)
        if event.lr is not None:
            s.lrs.append(event.lr)

    def set_status(self, status: str) -> None:
        if status == self.state.status:
            return  # the engine confirms a pause the key already showed: nothing to repaint
        self.state.status = status
        self.border_title = {"paused": "Progress · PAUSED (p resumes, n steps)", "stopping": "Progress · stopping…",
                             "detached": "Progress · detached"}.get(status, "Progress")

    def render(self) -> Text:
        s = self.state
        if s.status == "starting":  # no bars yet: 0/0 bars would look frozen while torch loads
            return Text("\n".join(starting_lines(time.monotonic() - self.created)), no_wrap=True, overflow="ellipsis")
        bar = max(8, min(30, self.size.width - 20))
        remaining = (s.total_steps - s.global_step) / s.steps_per_second if s.steps_per_second > 0 else None
        if s.status == "done":
            remaining = 0.0
        device = s.device + (f" · {megabytes(s.device_memory)}" if s.device_memory is not None else "")
        lines = [
            f"Epoch {s.epoch:>5}/{s.epochs:<5} {text_bar(s.epoch, s.epochs, bar)}",
            f"Step  {s.step:>5}/{s.steps_per_epoch:<5} {text_bar(s.step, s.steps_per_epoch, bar)}",
            f"global step {s.global_step:,}/{s.total_steps:,} · pace {self.pace}",
            f"{rate(s.steps_per_second)} it/s · {rate(s.samples_per_second)} samples/s",
            f"elapsed {duration(s.elapsed)} · ETA {duration(remaining)}",
            f"device {device or '…'}",
        ]
        if s.lrs:
            lines.append(f"lr {s.lrs[-1]:.3g} {sparkline(s.lrs)}")
        if s.monitor:
            best = f"best {number(s.best)}" + (f" (epoch {s.best_epoch})" if s.best_epoch else "")
            lines.append(f"{s.monitor} {number(s.current)} · {best}")
        if s.patience:
            lines.append(f"patience {s.wait}/{s.patience}")
        elif s.monitor:
            lines.append("early stopping off (patience 0)")
        return Text("\n".join(lines), no_wrap=True, overflow="ellipsis")


def starting_lines(waited: float) -> list[str]:
    """What the panel says before the run has started: what is being done, and that time passes."""
    return [
        "Starting the training process…",
        "then loading data and building the model.",
        "",
        f"waiting {waited:.1f} s (the first run loads torch)",
    ]
