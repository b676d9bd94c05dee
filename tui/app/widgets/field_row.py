"""One form field: a label, its control (input, select or checkbox) and the engine's message when it is bad."""

from __future__ import annotations

from typing import Any, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from tui.app.form_fields import FieldSpec, label_width
from tui.core.i18n import _, translated


class FieldRow(Vertical):
    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > Horizontal { height: 1; }
    FieldRow .field-label { width: 18; }
    FieldRow .field-control { width: 1fr; }
    FieldRow .field-error { display: none; padding-left: 18; color: $text-error; }
    FieldRow.-invalid .field-error { display: block; }
    FieldRow.-invalid .field-label { text-style: bold; }
    """  # not translated: CSS

    def __init__(self, spec: FieldSpec, value: Any, labels: dict[str, str] | None = None, options: tuple[str, ...] | None = None) -> None:
        super().__init__(id=spec.widget_id)
        self.spec = spec
        self._initial = value
        self._labels = labels or {}
        self._options = options if options is not None else spec.options
        self._error = ""

    def compose(self) -> ComposeResult:
        width = label_width()
        with Horizontal():
            yield Label(_(self.spec.label), classes="field-label").set_styles(f"width: {width};")
            yield self._control()
        yield Static("", classes="field-error").set_styles(f"padding-left: {width};")

    def _control(self) -> Widget:
        spec = self.spec
        if spec.kind == "select":
            options = [(self._labels.get(o, o), o) for o in self._options]
            value = self._initial if self._initial in self._options else self._options[0]
            return Select(options, value=value, allow_blank=False, compact=True, classes="field-control")
        if spec.kind == "switch":
            return Checkbox(_("on"), value=bool(self._initial), compact=True, classes="field-control")
        hint = _(spec.placeholder)
        return Input(str(self._initial or ""), placeholder=hint, compact=True, classes="field-control", select_on_focus=False)

    @property
    def control(self) -> Input | Checkbox | Select[Any]:
        return cast("Input | Checkbox | Select[Any]", self.query_one(".field-control"))  # the three kinds _control makes

    @property
    def value(self) -> Any:
        return self.control.value

    def set_value(self, value: Any) -> None:
        control = self.control
        if isinstance(control, Select):
            if value not in self._options:
                self._options = (*self._options, value)
                control.set_options([(self._labels.get(o, o), o) for o in self._options])
            control.value = value
        elif isinstance(control, Checkbox):
            control.value = bool(value)
        else:
            control.value = "" if value is None else str(value)
            control.cursor_position = len(control.value)  # typing next goes after the new value, not into it

    def set_options(self, options: tuple[str, ...]) -> None:
        """Offer other choices (the losses that fit the task), keeping the current one."""
        control = self.control
        if options == self._options or not isinstance(control, Select):
            return
        self._options = options
        value = control.value
        with self.prevent(Select.Changed):
            control.set_options([(self._labels.get(o, o), o) for o in options])
            control.value = value if value in options else options[0]

    @property
    def error_text(self) -> str:
        return self._error

    def set_error(self, message: str | None) -> None:
        if (message or "") == self._error:
            return  # the form revalidates on every key: an unchanged row costs no layout pass
        self._error = message or ""
        self.set_class(bool(message), "-invalid")
        # The mark "✗" says "bad" without relying on the error colour (NO_COLOR terminals).
        self.query_one(".field-error", Static).update(f"✗ {translated(message)}" if message else "")
        if message and self.has_focus_within:
            self.call_after_refresh(self.scroll_visible, animate=False)  # the message under the field being typed in
