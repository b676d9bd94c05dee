"""Stop and pause flags that tell listeners when they change (the worker passes each change to its child at once)."""

from __future__ import annotations

import threading
from collections.abc import Callable


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
