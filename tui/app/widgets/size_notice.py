"""Shown instead of a screen's content when the terminal is too small to draw it properly."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Static

from tui.core.i18n import _

MIN_WIDTH = 80
MIN_HEIGHT = 24


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class SizeNotice(Static):
    DEFAULT_CSS = """
    SizeNotice { display: none; width: 1fr; height: 1fr; content-align: center middle; text-align: center; }
    """  # not translated: CSS

    def show_size(self, width: int, height: int) -> None:
        size = _("The terminal is {width}×{height}; nn-tui needs at least {min_width}×{min_height}.").format(
            width=width, height=height, min_width=MIN_WIDTH, min_height=MIN_HEIGHT)
        self.update(size + "\n" + _("Make the window larger (ctrl+q quits)."))


class SizeGuardedScreen(Screen[Any]):
    """A screen with a SizeNotice: while the terminal is too small its content is hidden, and so are its keys
    (F5 must not start a run nobody sees); the app's ctrl+q still quits."""

    def on_resize(self) -> None:
        small = too_small(self.size.width, self.size.height)
        self.set_class(small, "-too-small")
        if small:
            self.query_one(SizeNotice).show_size(self.size.width, self.size.height)
        self.refresh_bindings()  # the footer shows only the keys that work

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.has_class("-too-small")
