"""Save the form as a user preset: ask for a name, ask before overwriting; dismisses with the path or None."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.app.preset_files import name_problem, preset_path, write_preset
from tui.app.screens.confirm import ConfirmScreen
from tui.core.config import RunConfig
from tui.core.i18n import N_, _, translated
from tui.core.presets import user_dir


class SavePresetScreen(ModalScreen[Path | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, config: RunConfig) -> None:
        super().__init__()
        self.config = config

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Save as a preset in {folder}").format(folder=user_dir()) + "\n" + _("Name (enter saves, escape cancels):"))
            yield Input(self.config.name, id="preset-name")
            yield Static("", id="preset-name-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        problem = name_problem(event.value.strip())
        self.query_one("#preset-name-error", Static).update(f"✗ {translated(problem)}" if problem else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name_problem(name):
            return
        if not preset_path(name).exists():
            self._save(name)
            return

        def overwrite(yes: bool | None) -> None:
            if yes:
                self._save(name)

        self.app.push_screen(ConfirmScreen(_("A preset named {name!r} exists. Overwrite it?").format(name=name)), overwrite)

    def _save(self, name: str) -> None:
        try:
            path = write_preset(self.config, name)
        except OSError as error:
            self.query_one("#preset-name-error", Static).update(_("✗ cannot write: {reason}").format(reason=error.strerror or error))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
