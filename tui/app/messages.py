"""Messages the training worker posts to the training screen (thread-safe via post_message)."""

from __future__ import annotations

from textual.message import Message


class EventsWaiting(Message):
    """Engine events of run `run_id` wait in the screen's inbox (one message however many; events of an older run are ignored)."""

    def __init__(self, run_id: int) -> None:
        super().__init__()
        self.run_id = run_id


class PlanReady(Message):
    """The "what this means" text for `config`, worked out off the UI thread (a CSV file had to be read)."""

    def __init__(self, config: object, text: object | None, problem: str = "", data_error: bool = False) -> None:
        """`data_error`: the problem is the data's (no such file, no such column): training would fail on it too."""
        super().__init__()
        self.config = config
        self.text = text
        self.problem = problem
        self.data_error = data_error
