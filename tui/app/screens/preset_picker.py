"""Pick a preset (bundled and the user's own, each with its description); dismisses with its path or None."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.engine.presets import PresetInfo


def option_text(info: PresetInfo) -> Text:
    text = Text()
    text.append(info.name, style="bold")
    text.append(f"  [{info.source}]" + (" (same name as a bundled preset)" if info.shadows_bundled else ""))
    if info.description:
        text.append(f"\n  {info.description}", style="dim")
    return text


class PresetPicker(ModalScreen[Path | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, presets: list[PresetInfo]) -> None:
        super().__init__()
        self.presets = presets

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):
            yield Label("Open a preset (enter loads it, escape cancels)")
            yield OptionList(*[Option(option_text(p), id=str(i)) for i, p in enumerate(self.presets)], id="preset-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.presets[int(event.option.id or 0)].path)

    def action_cancel(self) -> None:
        self.dismiss(None)
