"""Ask how many epochs in all a finished run should train to; dismisses with that number or None."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.core.i18n import N_, _
from tui.core.keys import join_key

TRAINING_EPOCHS = join_key("training", "epochs")


def epochs_problem(text: str, done: int) -> str:
    """'' when `text` is a number of epochs above `done`, else one line naming the field and what is allowed."""
    if not text.isdigit() or int(text) <= done:
        return _("{key}: a whole number above {done} (the epochs it has trained)").format(key=TRAINING_EPOCHS, done=done)
    return ""


class MoreEpochsScreen(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, name: str, done: int) -> None:
        super().__init__()
        self.run_name = name
        self.done = done

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Train {run} further: it has trained {epochs} epochs.").format(run=self.run_name, epochs=self.done) + "\n"
                        + _("Epochs in all (enter starts, escape cancels):"))
            yield Input(str(self.done * 2), id="more-epochs")
            yield Static("", id="more-epochs-error")

    def on_input_changed(self, event: Input.Changed) -> None:
        problem = epochs_problem(event.value.strip(), self.done)
        self.query_one("#more-epochs-error", Static).update(f"✗ {problem}" if problem else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not epochs_problem(text, self.done):
            self.dismiss(int(text))

    def action_cancel(self) -> None:
        self.dismiss(None)
