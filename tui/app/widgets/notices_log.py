"""The notices panel: the lecture's messages, newest last, bounded so a long run cannot grow it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

MAX_NOTICES = 500


class NoticesLog(RichLog):
    DEFAULT_CSS = """
    NoticesLog { border: round $secondary; border-title-align: left; height: 1fr; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(max_lines=MAX_NOTICES, wrap=True, min_width=20, markup=False, highlight=False, auto_scroll=True, **kwargs)
        self.border_title = "Notices"
        self.texts: list[str] = []  # the same lines as plain text, bounded alike (for tests and screen readers)

    def add(self, text: str) -> None:
        self.texts.append(text)
        del self.texts[:-MAX_NOTICES]
        self.write(Text(text))
