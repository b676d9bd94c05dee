"""The setup screen: the run's config as a form, validated as you type, with the "what this means" panel."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Collapsible, Footer, Input, Label, Select, Static

from tui.app.devices import device_labels
from tui.app.form_fields import FIELDS, KNOBS, dataset_options, errors_by_field, field_shown, form_to_raw, format_value
from tui.app.messages import PlanReady
from tui.app.plan_text import plan_text
from tui.app.widgets.field_row import FieldRow
from tui.app.widgets.plan_panel import PlanPanel
from tui.app.widgets.size_notice import SizeGuardedScreen, SizeNotice
from tui.core.config import RunConfig, config_to_dict, validate_config
from tui.core.errors import UserError
from tui.core.keys import get_key

SECTIONS = ("Run", "Data", "Model", "Training", "Early stopping")  # then KNOBS, folded


class SetupScreen(SizeGuardedScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "start", "Start training"),
        Binding("ctrl+o", "open_preset", "Open preset"),
        Binding("ctrl+s", "save_preset", "Save preset"),
        Binding("ctrl+l", "find_lr", "LR finder"),
    ]

    def __init__(self, config: RunConfig) -> None:
        super().__init__()
        self.base: dict[str, Any] = config_to_dict(config)
        self.config: RunConfig | None = config  # the valid config, None while the form has a problem
        self.problems: list[str] = []  # "key: message" for everything wrong, shown when start is refused
        self.data_problem = ""  # what reading the data said (a missing CSV file, an unknown column): start is refused too

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield SizeNotice(id="size-notice")
        with Horizontal(id="setup-body"):
            with VerticalScroll(id="form"):
                yield Static(self.base.get("description", ""), id="description")
                yield Static("", id="form-problems")
                for section in SECTIONS:
                    yield Label(section, classes="section-title")
                    yield from self._rows_of(section)
                with Collapsible(title=KNOBS, collapsed=True, id="knobs"):
                    yield from self._rows_of(KNOBS)
            yield PlanPanel(id="plan")
        yield Footer()

    def _rows_of(self, section: str) -> ComposeResult:
        labels = device_labels()
        for spec in (s for s in FIELDS if s.section == section):
            value = format_value(spec, get_key(self.base, spec.key))
            options = dataset_options(value) if spec.key == "data.dataset" else None
            yield FieldRow(spec, value, labels=labels if spec.key == "training.device" else None, options=options)

    def on_mount(self) -> None:
        self.revalidate()

    # ------------------------------------------------------------------ form ↔ config

    def rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def form_values(self) -> dict[str, Any]:
        return {row.spec.key: row.value for row in self.rows()}

    def load_config_into_form(self, config: RunConfig) -> None:
        """Show `config` in the form (a preset, a past run, a tuning result). Keys the form lacks are kept."""
        self.base = config_to_dict(config)
        self.query_one("#description", Static).update(self.base.get("description", ""))
        for row in self.rows():
            row.set_value(format_value(row.spec, get_key(self.base, row.spec.key)))
        self.revalidate()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _field_changed(self) -> None:
        self.revalidate()

    def revalidate(self) -> None:
        """Build the config from the form and let the engine judge it; mark each bad field with its message."""
        values = self.form_values()
        self.data_problem = ""
        for row in self.rows():
            row.display = field_shown(row.spec.key, values)
        by_field: dict[str, str] = {}
        general: list[str] = []
        try:
            self.config = validate_config(form_to_raw(self.base, values))
            self.problems = []
        except UserError as error:
            self.config = None
            by_field, general = errors_by_field(error.problems, values)
            self.problems = [f"{key}: {text}" for key, text in by_field.items()] + general
        for row in self.rows():
            row.set_error(by_field.get(row.spec.key))
        problems = self.query_one("#form-problems", Static)
        text = "\n".join(f"✗ {line}" for line in general)
        if text != str(problems.content):
            problems.update(text)
        problems.display = bool(general)
        self._update_plan()

    def _update_plan(self) -> None:
        panel = self.query_one(PlanPanel)
        if self.config is None:
            panel.show_problem(f"Fix the marked field{'s' if len(self.problems) != 1 else ''} to see the plan.")
            return
        if self.config.data.dataset == "csv":
            panel.show_problem("Reading the CSV file…")
            self._plan_for_csv(self.config)  # reading a file stays off the UI thread
            return
        self._show_plan(self.config)

    def _show_plan(self, config: RunConfig) -> None:
        from tui.data.catalog import dataset_shape

        panel = self.query_one(PlanPanel)
        try:
            panel.show(plan_text(config, dataset_shape(config.data, config.seed)))
        except UserError as error:
            self._show_data_problem(error)
        except ValueError as error:
            panel.show_problem(str(error))

    def _show_data_problem(self, error: UserError) -> None:
        """The data cannot be read as configured: mark the field that fixes it, like a config problem."""
        self.data_problem = str(error)
        by_field, _ = errors_by_field(error.problems, self.form_values())
        for row in self.rows():
            if row.spec.key in by_field:
                row.set_error(by_field[row.spec.key])
        self.query_one(PlanPanel).show_problem(self.data_problem)

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _plan_for_csv(self, config: RunConfig) -> None:
        from tui.data.catalog import dataset_shape

        try:
            self.post_message(PlanReady(config, plan_text(config, dataset_shape(config.data, config.seed))))
        except UserError as error:
            self.post_message(PlanReady(config, None, str(error), data_error=error))
        except ValueError as error:
            self.post_message(PlanReady(config, None, str(error)))

    def on_plan_ready(self, message: PlanReady) -> None:
        if message.config != self.config:  # the form changed while the file was read
            return
        panel = self.query_one(PlanPanel)
        if message.text is not None:
            panel.show(message.text)
        elif message.data_error is not None:
            self._show_data_problem(message.data_error)
        else:
            panel.show_problem(message.problem)

    # ------------------------------------------------------------------ actions

    def action_start(self) -> None:
        if self.config is None:
            self.notify("Cannot start: " + "; ".join(self.problems), title="Fix the form first", severity="error", timeout=8)
            return
        if self.data_problem:
            self.notify("Cannot start: " + self.data_problem, title="Fix the data first", severity="error", timeout=8)
            return
        self.app.start_training(self.config)  # type: ignore[attr-defined]

    def action_open_preset(self) -> None:
        from tui.app.screens.preset_picker import PresetPicker
        from tui.core.presets import list_presets

        self.app.push_screen(PresetPicker(list_presets()), self._preset_chosen)

    def _preset_chosen(self, path: Path | None) -> None:
        if path is None:
            return
        from tui.core.config import load_config

        try:
            config = load_config(path)
        except UserError as error:
            self.notify(str(error), title="Cannot load preset", severity="error", timeout=8)
            return
        self.load_config_into_form(config)
        self.notify(f"Loaded preset {config.name}")

    def action_save_preset(self) -> None:
        if self.config is None:
            self.notify("Cannot save: " + "; ".join(self.problems), title="Fix the form first", severity="error", timeout=8)
            return
        from tui.app.screens.save_preset import SavePresetScreen

        self.app.push_screen(SavePresetScreen(self.config), self._preset_saved)

    def action_explain(self) -> None:
        if self.config is None:
            self.notify("Cannot explain: " + "; ".join(self.problems), title="Fix the form first", severity="error", timeout=8)
            return
        from tui.app.screens.explain import ExplainScreen

        self.app.push_screen(ExplainScreen(self.config))

    def action_find_lr(self) -> None:
        if self.config is None:
            self.notify("Cannot find a learning rate: " + "; ".join(self.problems), title="Fix the form first", severity="error", timeout=8)
            return
        from tui.app.screens.lr_find import LrFindScreen

        self.app.push_screen(LrFindScreen(self.config), self._lr_found)

    def _lr_found(self, lr: float | None) -> None:
        """The finder's suggestion goes into the form's learning rate (validated like a typed value)."""
        if lr is None:
            return
        row = next(row for row in self.rows() if row.spec.key == "training.lr")
        row.set_value(str(lr))
        self.revalidate()
        self.notify(f"Learning rate set to {lr:g}")

    def _preset_saved(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved {path}", title="Preset saved")
