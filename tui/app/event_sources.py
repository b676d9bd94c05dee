"""Where the training screen's events come from: the real Trainer, or a script (tests, snapshots).

A source is called on the worker thread as `source(config, runs_root, stop, pause)` and yields
engine events. All torch work happens inside it, on that one thread (DESIGN.md).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from tui.engine.config import RunConfig
from tui.engine.events import Event, Finished

EventSource = Callable[[RunConfig, "Path | None", threading.Event, threading.Event], Iterable[Event]]


PROGRESS_INTERVAL = 0.5  # seconds between progress events: as often as the screen repaints the panel, no more


def trainer_events(config: RunConfig, runs_root: Path | None, stop: threading.Event, pause: threading.Event) -> Iterator[Event]:
    """Train for real. torch is imported here, on the worker thread, never at app start."""
    from tui.engine.runs import new_run_dir
    from tui.engine.trainer import Trainer

    run_dir = new_run_dir(runs_root, config.name) if runs_root is not None else None
    yield from Trainer(config, run_dir=run_dir, stop=stop, pause=pause, progress_interval=PROGRESS_INTERVAL).run()


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
