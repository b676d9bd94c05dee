"""Events on their way from a live screen's worker thread to its UI thread, one wake-up message at a time.

Posting a Textual message per event costs the UI thread ~50 µs of dispatch each; a fast run sends
thousands a second. So the worker (reading the training process's pipe) `put`s events here and
posts a message only when none is pending; the screen `take`s what has arrived in one go. If the UI
falls `limit` events behind (only a source faster than any real run does that), the worker waits for
it, so the backlog, and memory, stay bounded (the training process then waits on its full pipe).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")  # an event, or what a screen reads as one (a sweep's (run index, event))

BACKLOG_LIMIT = 5_000  # events waiting for the UI before the worker waits
CATCH_UP_WAIT = 0.002  # seconds between the worker's looks at a full inbox


class EventInbox(Generic[T]):
    def __init__(self, limit: int = BACKLOG_LIMIT) -> None:
        self.limit = limit
        self._events: deque[T] = deque()
        self._wake_pending = False

    def __len__(self) -> int:
        return len(self._events)

    def put(self, event: T) -> bool:
        """Worker thread: queue `event`; True when the UI must be woken (no wake-up is pending)."""
        self._events.append(event)
        if self._wake_pending:
            return False
        self._wake_pending = True
        return True

    def take(self, most: int) -> tuple[list[T], bool]:
        """UI thread: up to `most` events, oldest first, and whether more are left (then wake yourself again)."""
        self._wake_pending = False  # before taking: an event put from now on asks for its own wake-up
        events = self._events
        batch = [events.popleft() for _ in range(min(most, len(events)))]
        more = bool(events)
        if more:
            self._wake_pending = True
        return batch, more

    def wait_for_room(self, stop: threading.Event) -> None:
        """Worker thread: while the UI is `limit` events behind, wait (a stop ends the wait: nobody may be reading)."""
        while len(self._events) > self.limit and not stop.is_set():
            time.sleep(CATCH_UP_WAIT)
