"""The learning-rate finder's screen: `nn-tui lr-find` on the form's config, its chart, and a key to use the suggestion.

The range test trains, which needs torch; the app never imports it, so a thread runs `python -m tui lr-find`
in a child process (as the Backprop screen runs `explain`) and reads its one JSON line back.
"""

from __future__ import annotations

import json
import subprocess
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Label, Static

from tui.app.child_command import run_command_in_child
from tui.app.widgets.footer import TranslatedFooter
from tui.core.config import RunConfig
from tui.core.events import LrFound, event_from_json
from tui.core.i18n import N_, _, translated
from tui.text.lr_chart import lr_chart, lr_status

LR_FIND_TIMEOUT_S = 300


def lr_find_in_child(config: RunConfig) -> LrFound | str:
    """The range test's result, or the child's one-line error."""
    ok, lines = run_command_in_child(["lr-find"], config, ["--jsonl", "-"], timeout=LR_FIND_TIMEOUT_S)
    if not ok:
        return lines[0]
    found = event_from_json(json.loads(lines[0]))
    assert isinstance(found, LrFound)
    return found


class LrFindScreen(Screen[float | None]):
    """Dismissed with the suggested lr when `a` applies it, else None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "apply", N_("Apply suggestion")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, config: RunConfig) -> None:
        super().__init__()
        self.config = config
        self.found: LrFound | None = None

    def compose(self) -> ComposeResult:
        yield Label(_("Learning-rate range test on {name}: training a short ramp …").format(name=self.config.name), id="lr-find-status")
        yield Static("", id="lr-find-chart")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.search()

    @work(thread=True, exclusive=True)
    def search(self) -> None:
        try:
            result: LrFound | str = lr_find_in_child(self.config)
        except (OSError, subprocess.TimeoutExpired, ValueError, TypeError) as error:
            result = f"{type(error).__name__}: {error}"
        self.app.call_from_thread(self.show, result)

    def show(self, result: LrFound | str) -> None:
        status = self.query_one("#lr-find-status", Label)
        if isinstance(result, str):
            status.update(_("Cannot run the range test: {problem}").format(problem=translated(result)))
            return
        self.found = result
        status.update(lr_status(result) + (_(" · a puts it in the form") if result.suggested_lr else ""))
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        if self.found is None or not self.found.lrs:
            return
        self.query_one("#lr-find-chart", Static).update(lr_chart(self.found, max(40, self.size.width - 1), max(10, self.size.height - 3)))

    def action_apply(self) -> None:
        if self.found is None or self.found.suggested_lr is None:
            self.notify(_("No suggestion to apply yet."), severity="warning")
            return
        self.dismiss(float(f"{self.found.suggested_lr:.3g}"))

    def action_back(self) -> None:
        self.dismiss(None)
