"""The notices panel: the lecture's messages, newest last, bounded so a long run cannot grow it.

A plain widget that draws the newest notices that fit. (A RichLog re-lays out the screen on
every line it adds — ~15 ms of GIL time each — and the whole history is in the run folder's
events.jsonl anyway.)
"""

from __future__ import annotations

import textwrap
from collections import deque

from rich.text import Text
from textual.widget import Widget

MAX_NOTICES = 500


class NoticesLog(Widget):
    DEFAULT_CSS = """
    NoticesLog { border: round $secondary; border-title-align: left; width: 1fr; height: 1fr; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "Notices"
        self.texts: deque[str] = deque(maxlen=MAX_NOTICES)

    def add(self, text: str) -> None:
        self.texts.append(text)
        self.refresh()

    def render(self) -> Text:
        width, height = max(10, self.size.width), max(1, self.size.height)
        rows: list[str] = []
        for text in reversed(self.texts):  # newest first, until the panel is full
            wrapped = textwrap.wrap(text, width, subsequent_indent="  ") or [""]
            rows[:0] = wrapped
            if len(rows) >= height:
                break
        return Text("\n".join(rows[-height:]), no_wrap=True, overflow="ellipsis")
