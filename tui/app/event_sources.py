"""Where the training screen's events come from: the real Trainer, or a script (tests, snapshots).

A source is called on the worker thread as `source(config, runs_root, stop, pause)` and yields
engine events. The real one trains in a process of its own (tui.worker.parent): no torch
in the app's process, and no GIL shared with the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from tui.core.config import RunConfig
from tui.core.events import Event

EventSource = Callable[[RunConfig, "Path | None", threading.Event, threading.Event], Iterable[Event]]
