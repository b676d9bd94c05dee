"""Shown instead of a screen's content when the terminal is too small to draw it properly."""

from __future__ import annotations

from textual.widgets import Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class SizeNotice(Static):
    DEFAULT_CSS = """
    SizeNotice { display: none; width: 1fr; height: 1fr; content-align: center middle; text-align: center; }
    """

    def show_size(self, width: int, height: int) -> None:
        self.update(
            f"The terminal is {width}×{height}; nn-tui needs at least {MIN_WIDTH}×{MIN_HEIGHT}.\n"
            "Make the window larger (ctrl+q quits)."
        )
