"""Messages posted to screens from other threads (thread-safe via post_message)."""

from __future__ import annotations

from textual.message import Message


class EventsWaiting(Message):
    """Events wait in a live screen's inbox (one message however many)."""


class PlanReady(Message):
    """The "what this means" text for `config`, worked out off the UI thread (a CSV file had to be read)."""

    def __init__(self, config: object, text: object | None, problem: str = "", data_error: bool = False) -> None:
        """`data_error`: the problem is the data's (no such file, no such column): training would fail on it too."""
        super().__init__()
        self.config = config
        self.text = text
        self.problem = problem
        self.data_error = data_error
