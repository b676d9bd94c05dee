"""The live "what this means" panel beside the form."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.core.i18n import _, translated


class PlanPanel(VerticalScroll):
    DEFAULT_CSS = """
    PlanPanel { border: round $primary; border-title-align: left; padding: 0 1; }
    """  # not translated: CSS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.border_title = _("What this means")
        self.plain = ""  # the panel's text without styles (what tests and screen readers read)
        self._shown: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="plan-text")

    def show(self, text: Text) -> None:
        if text == self._shown:
            return  # the form revalidates on every key: the same plan again costs no layout pass
        self._shown = text
        self.plain = text.plain
        self.query_one("#plan-text", Static).update(text)

    def show_problem(self, message: str) -> None:
        self.show(Text(f"✗ {translated(message)}"))
