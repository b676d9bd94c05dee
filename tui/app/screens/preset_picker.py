"""Pick a preset (bundled and the user's own, each with its description); dismisses with its path or None."""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.core.i18n import N_, _
from tui.core.presets import PresetInfo

TYPING_PAUSE = 1.0  # seconds after which typed letters start a new name


def option_text(info: PresetInfo) -> Text:
    text = Text()
    text.append(info.name, style="bold")
    text.append(f"  [{info.source}]" + (_(" (same name as a bundled preset)") if info.shadows_bundled else ""))
    if info.description:
        text.append(f"\n  {info.description}", style="dim")
    return text


class PresetPicker(ModalScreen[Path | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, presets: list[PresetInfo]) -> None:
        super().__init__()
        self.presets = presets
        self._typed = ""
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):  # not translated: CSS classes
            yield Label(_("Open a preset (type its name to jump to it, enter loads it, escape cancels)"))
            yield OptionList(*[Option(option_text(p), id=str(i)) for i, p in enumerate(self.presets)], id="preset-list")

    def on_key(self, event: events.Key) -> None:
        """Typing a name's first letters highlights it: the list is long and its descriptions take several lines."""
        char = event.character
        if char is None or len(char) != 1 or not char.isprintable() or char.isspace():
            return
        now = time.monotonic()
        self._typed = (self._typed if now - self._typed_at < TYPING_PAUSE else "") + char.lower()
        self._typed_at = now
        for index, info in enumerate(self.presets):
            if info.name.lower().startswith(self._typed):
                self.query_one(OptionList).highlighted = index
                break
        event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.presets[int(event.option.id or 0)].path)

    def action_cancel(self) -> None:
        self.dismiss(None)
