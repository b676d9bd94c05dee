"""Where the training screen's events come from: the real Trainer, or a script (tests, snapshots).

A source is called on the worker thread as `source(config, runs_root, stop, pause)` and yields
engine events. The real one trains in a process of its own (tui.app.training_process): no torch
in the app's process, and no GIL shared with the UI thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from tui.engine.config import RunConfig
from tui.engine.events import Event, Finished

EventSource = Callable[[RunConfig, "Path | None", threading.Event, threading.Event], Iterable[Event]]


class ControlFlag(threading.Event):
    """The screen's stop and pause flags: a threading.Event that also tells listeners when it changes.

    A source that trains in another process listens, to pass a key on at once instead of polling.
    """

    def __init__(self) -> None:
        super().__init__()
        self._listeners: list[Callable[[bool], None]] = []

    def listen(self, listener: Callable[[bool], None]) -> None:
        self._listeners.append(listener)

    def forget(self, listener: Callable[[bool], None]) -> None:
        self._listeners.remove(listener)

    def set(self) -> None:
        super().set()
        for listener in list(self._listeners):
            listener(True)

    def clear(self) -> None:
        super().clear()
        for listener in list(self._listeners):
            listener(False)


class ScriptedEvents:
    """Replays a fixed list of events (deterministic screens for tests). Honours stop and pause.

    `delay`: seconds between events; `hold`: wait for stop before the last event (to test stopping).
    """

    def __init__(self, events: Sequence[Event], delay: float = 0.0, hold: bool = False) -> None:
        self.events = list(events)
        self.delay = delay
        self.hold = hold

    def __call__(self, config: RunConfig, runs_root: Path | None, stop: threading.Event, pause: threading.Event) -> Iterator[Event]:
        for index, event in enumerate(self.events):
            last = index == len(self.events) - 1
            if last and self.hold:
                stop.wait()
            while pause.is_set() and not stop.is_set():
                time.sleep(0.01)
            if stop.is_set() and not isinstance(event, Finished):
                finished = [e for e in self.events if isinstance(e, Finished)]
                if finished:
                    yield finished[-1]
                return
            yield event
            if self.delay:
                time.sleep(self.delay)
