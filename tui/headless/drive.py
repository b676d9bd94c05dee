"""The one loop of every headless face (train, sweep, tune, the training process): drive events to an output.

Signals stop the work like the stop key. When the output can no longer be written (SSH dropped: the
terminal answers EIO; `| head` or the app closed the pipe) the work stops the same way, silently: the
events are still drained, unshown, because abandoning them would skip the final checkpoint, best
weights and summary.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from tui.core.events import Event, Finished
from tui.headless.output import silence_stdout_if_gone
from tui.headless.signals import StoppedBeforeStart, stop_on_signals

if TYPE_CHECKING:
    from tui.headless.view import HeadlessView

T = TypeVar("T")


def drive(events: Iterable[T], show: Callable[[T], object], stop: threading.Event,
          keep: Callable[[T], object] | None = None, setting_up: threading.Event | None = None) -> bool:
    """Show each of `events` (work that ends soon once `stop` is set) on this thread; True when the output was lost.

    `keep` sees every event, shown or not (what the caller counts at the end). `setting_up` is set until the
    first event: meanwhile a stop signal abandons the set-up (StoppedBeforeStart) instead of waiting for it.
    """
    lost = False
    setting_up = setting_up or threading.Event()
    with stop_on_signals(stop, setting_up):
        setting_up.set()  # after the handlers are in place: a signal sent because of it must find one
        try:
            if stop.is_set():  # stopped before set-up began (the app quit while torch loaded): never start a load
                raise StoppedBeforeStart
            for event in events:
                setting_up.clear()
                if keep is not None:
                    keep(event)
                if lost:
                    continue
                try:
                    show(event)
                except OSError:  # the output is gone: stop as SIGHUP would, quietly
                    lost = True
                    stop.set()
                    silence_stdout_if_gone()
        finally:
            setting_up.clear()
    return lost


def run_headless(events: Iterable[Event], stop: threading.Event, view: HeadlessView) -> Finished:
    """Drive a run's events (tui.runs.recorder.record of a Trainer) to `view` on this thread; its Finished event."""
    ends: list[Finished] = []

    def keep(event: Event) -> None:
        if isinstance(event, Finished):
            ends.append(event)

    drive(events, view, stop, keep)
    return ends[-1]
