"""Messages posted to screens from other threads (thread-safe via post_message)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message

from tui.core.config import RunConfig
from tui.core.errors import UserError
from tui.core.vocabulary import Task
from tui.data.columns import ColumnInfo  # no numpy: that comes with reading a file


class EventsWaiting(Message):
    """Events wait in a live screen's inbox (one message however many)."""


class PlanReady(Message):
    """The "what this means" text for `config`, worked out off the UI thread (a CSV file had to be read)."""

    def __init__(
        self, config: RunConfig, text: Text | None, problem: str = "", data_error: UserError | None = None, task: Task | None = None
    ) -> None:
        """`data_error`: the problem is the data's (no such file, no such column): training would fail on it too.
        `task`: the task the data poses, when it could be read."""
        super().__init__()
        self.config = config
        self.text = text
        self.problem = problem
        self.data_error = data_error
        self.task = task


class ColumnsRead(Message):
    """A CSV file's columns, read off the UI thread for the column picker (None: the file cannot be read)."""

    def __init__(self, path: str, columns: list[ColumnInfo] | None) -> None:
        super().__init__()
        self.path = path
        self.columns = columns
