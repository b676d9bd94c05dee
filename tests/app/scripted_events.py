"""A test double for the training screen's event source: replays a fixed list of events."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from tui.core.config import RunConfig
from tui.core.events import Event, Finished

# How long a held run waits for its stop. A test whose stop never comes (a lost stop key) must fail here, in its
# own time, rather than hang: the screen shows this error, and quitting the app no longer waits on the run.
HOLD_LIMIT_S = 60.0


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
            if last and self.hold and not stop.wait(HOLD_LIMIT_S):
                raise AssertionError(f"a held run was never stopped within {HOLD_LIMIT_S:g} s")
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
