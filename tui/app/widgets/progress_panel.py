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

from tui.app.formatting import decimals, duration, grouped, megabytes, rate, text_bar
from tui.app.sparkline import sparkline
from tui.core.events import EpochEnded, Progress, RunStarted
from tui.core.i18n import N_, _, ngettext, number
from tui.core.paces import pace_word


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
PROGRESS = N_("Progress")  # the panel's title; a paused, stopping or detached run says so in it
STATUS_TITLES = {"paused": N_("Progress · PAUSED (p resumes, n steps)"), "stopping": N_("Progress · stopping…"),
                 "detached": N_("Progress · detached")}


class ProgressPanel(Widget):
    DEFAULT_CSS = """
    ProgressPanel { width: 46; height: 11; border: round $primary; border-title-align: left; padding: 0 1; }
    """  # not translated: CSS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = ProgressState()
        self.border_title = _(PROGRESS)
        self.created = time.monotonic()  # the wait before RunStarted is counted from here
        self.pace = pace_word(None)  # the pace the run is held to: "full" or steps per second

    def set_pace(self, steps_per_second: float | None) -> None:
        self.pace = pace_word(steps_per_second) + ("" if steps_per_second is None else "/s")

    def start(self, event: RunStarted) -> None:
        device = event.device + (f" · {event.device_name}" if event.device_name else "")
        if event.threads:
            device += " · " + ngettext("{count} thread", "{count} threads", event.threads).format(count=event.threads)
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
        self.border_title = _(STATUS_TITLES.get(status, PROGRESS))

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
            _("Epoch {epoch:>5}/{epochs:<5} {bar}").format(epoch=s.epoch, epochs=s.epochs, bar=text_bar(s.epoch, s.epochs, bar)),
            _("Step  {step:>5}/{steps:<5} {bar}").format(
                step=s.step, steps=s.steps_per_epoch, bar=text_bar(s.step, s.steps_per_epoch, bar)),
            _("global step {step}/{total} · pace {pace}").format(step=grouped(s.global_step), total=grouped(s.total_steps), pace=self.pace),
            _("{steps} it/s · {samples} samples/s").format(steps=rate(s.steps_per_second), samples=rate(s.samples_per_second)),
            _("elapsed {elapsed} · ETA {eta}").format(elapsed=duration(s.elapsed), eta=duration(remaining)),
            _("device {device}").format(device=device or "…"),
        ]
        if s.lrs:
            lines.append(f"lr {number(s.lrs[-1], '.3g')} {sparkline(s.lrs)}")
        if s.monitor:
            best = _("best {value} (epoch {epoch})") if s.best_epoch else _("best {value}")
            best = best.format(value=decimals(s.best), epoch=s.best_epoch)
            lines.append(f"{s.monitor} {decimals(s.current)} · {best}")
        if s.patience:
            lines.append(_("patience {wait}/{patience}").format(wait=s.wait, patience=s.patience))
        elif s.monitor:
            lines.append(_("early stopping off (patience 0)"))
        return Text("\n".join(lines), no_wrap=True, overflow="ellipsis")


def starting_lines(waited: float) -> list[str]:
    """What the panel says before the run has started: what is being done, and that time passes."""
    return [
        _("Starting the training process…"),
        _("then loading data and building the model."),
        "",
        _("waiting {seconds} s (the first run loads torch)").format(seconds=number(waited, ".1f")),
    ]
