"""The notices panel: the lecture's messages, newest last, bounded so a long run cannot grow it.

A plain widget that draws the newest notices that fit, or older ones when scrolled back (wheel,
or ↑/↓/PgUp/PgDn/End once focused with a click or Tab). A RichLog re-lays out the screen on
every line it adds (~15 ms each), too slow for a run that sends hundreds of notices a second;
the whole history is in the run folder's events.jsonl anyway.
"""

from __future__ import annotations

import textwrap
from collections import deque
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widget import Widget

from tui.core.i18n import N_, _

MAX_NOTICES = 500
WHEEL_LINES = 3


class NoticesLog(Widget, can_focus=True):
    DEFAULT_CSS = """
    NoticesLog { border: round $secondary; border-title-align: left; border-subtitle-align: right;
                 width: 1fr; height: 1fr; padding: 0 1; }
    NoticesLog:focus { border: round $accent; }
    """  # not translated: CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_notices(1)", N_("Older notices")),
        Binding("down", "scroll_notices(-1)", N_("Newer"), show=False),
        Binding("pageup", "scroll_notices(0.5)", N_("Page up"), show=False),
        Binding("pagedown", "scroll_notices(-0.5)", N_("Page down"), show=False),
        Binding("end", "newest", N_("Newest")),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.border_title = _("Notices")
        self.texts: deque[str] = deque(maxlen=MAX_NOTICES)
        self.back = 0  # lines scrolled back from the newest; 0 follows new notices

    def add(self, text: str) -> None:
        """Show a notice, already in the reader's language: matching every notice against the catalogue's templates
        here would cost the UI thread about a millisecond each, and a fast run sends hundreds a second."""
        self.texts.append(text)
        if self.back:  # keep the lines being read in place
            self.back += len(self._wrap(text))
        self.refresh()

    def action_scroll_notices(self, pages: float) -> None:
        """Scroll back (positive) or forward by whole lines, or by a fraction of the panel's height."""
        lines = int(pages) if float(pages).is_integer() else round(pages * self._height())
        self._scroll_back_to(self.back + lines)

    def action_newest(self) -> None:
        self._scroll_back_to(0)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll_back_to(self.back + WHEEL_LINES)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll_back_to(self.back - WHEEL_LINES)

    def _scroll_back_to(self, back: int) -> None:
        self.back = max(0, min(back, self._row_count() - self._height()))
        self.border_subtitle = _("↑ {lines} lines back · End: newest").format(lines=self.back) if self.back else ""
        self.refresh()

    def render(self) -> Text:
        height, wanted = self._height(), self._height() + self.back
        rows: list[str] = []
        for text in reversed(self.texts):  # newest first, until the lines wanted are there
            rows[:0] = self._wrap(text)
            if len(rows) >= wanted:
                break
        end = max(min(height, len(rows)), len(rows) - self.back)  # older notices dropped meanwhile: the oldest page
        return Text("\n".join(rows[max(0, end - height) : end]), no_wrap=True, overflow="ellipsis")

    def _wrap(self, text: str) -> list[str]:
        return textwrap.wrap(text, max(10, self.size.width), subsequent_indent="  ") or [""]

    def _height(self) -> int:
        return max(1, self.size.height)

    def _row_count(self) -> int:
        return sum(len(self._wrap(text)) for text in self.texts)
