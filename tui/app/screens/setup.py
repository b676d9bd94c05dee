"""The setup screen: the run's config as a form, validated as you type, with the "what this means" panel."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Collapsible, Input, Label, Select, Static

from tui.app.devices import device_labels
from tui.app.form_fields import (
    FIELDS,
    FIELDS_BY_KEY,
    KNOBS,
    data_name,
    dataset_options,
    errors_by_field,
    field_shown,
    form_to_raw,
    format_value,
    known_task,
    loss_options,
)
from tui.app.messages import ColumnsRead, PlanReady
from tui.app.plan_text import plan_text
from tui.app.widgets.column_picker import ColumnPicker
from tui.app.widgets.field_row import FieldRow
from tui.app.widgets.footer import TranslatedFooter
from tui.app.widgets.plan_panel import PlanPanel
from tui.app.widgets.size_notice import SizeGuardedScreen, SizeNotice
from tui.core.config import RunConfig, config_to_dict, validate_config
from tui.core.errors import UserError
from tui.core.i18n import N_, _, ngettext, number, translated
from tui.core.keys import drop_key, get_key, set_key
from tui.core.presets import described
from tui.core.vocabulary import Task

SECTIONS = (N_("Run"), N_("Data"), N_("Model"), N_("Training"), N_("Early stopping"))  # then KNOBS, folded
FROM_THE_DATA = ("data.features", "data.task")  # keys a preset wrote for its own data: cleared when the data changes


class SetupScreen(SizeGuardedScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "start", N_("Start training")),
        Binding("ctrl+o", "open_preset", N_("Open preset")),
        Binding("ctrl+s", "save_preset", N_("Save preset")),
        Binding("ctrl+l", "find_lr", N_("LR finder")),
    ]

    def __init__(self, config: RunConfig) -> None:
        super().__init__()
        self.base: dict[str, Any] = config_to_dict(config)
        self.config: RunConfig | None = config  # the valid config, None while the form has a problem
        self.problems: list[str] = []  # "key: message" for everything wrong, shown when start is refused
        self.data_problem = ""  # what reading the data said (a missing CSV file, an unknown column): start is refused too
        self.inferred_task: Task | None = None  # the task reading the CSV inferred: the loss list follows it
        self._rows: dict[str, FieldRow] = {}
        self._loaded(self.base)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield SizeNotice(id="size-notice")
        with Horizontal(id="setup-body"):
            with VerticalScroll(id="form"):
                yield Static(described(self.base), id="description")
                yield Static("", id="form-problems")
                for section in SECTIONS:
                    yield Label(_(section), classes="section-title")
                    yield from self._rows_of(section)
                with Collapsible(title=_(KNOBS), collapsed=True, id="knobs"):
                    yield from self._rows_of(KNOBS)
            yield PlanPanel(id="plan")
        yield TranslatedFooter()

    def _rows_of(self, section: str) -> ComposeResult:
        labels = device_labels()
        for spec in (s for s in FIELDS if s.section == section):
            value = format_value(spec, get_key(self.base, spec.key))
            options = dataset_options(value) if spec.key == "data.dataset" else None
            yield FieldRow(spec, value, labels=labels if spec.key == "training.device" else None, options=options)
            if spec.key == "data.path":
                yield ColumnPicker()

    def on_mount(self) -> None:
        self.revalidate()

    # ------------------------------------------------------------------ form ↔ config

    def rows(self) -> list[FieldRow]:
        if not self._rows:  # the rows never change once composed; a query per keystroke was the form's main cost
            self._rows = {row.spec.key: row for row in self.query(FieldRow)}
        return list(self._rows.values())

    def row(self, key: str) -> FieldRow:
        self.rows()
        return self._rows[key]

    @property
    def picker(self) -> ColumnPicker:
        return self.query_one(ColumnPicker)

    def form_values(self) -> dict[str, Any]:
        return {row.spec.key: row.value for row in self.rows()}

    def load_config_into_form(self, config: RunConfig) -> None:
        """Show `config` in the form (a preset, a past run, a tuning result). Keys the form lacks are kept."""
        self.base = config_to_dict(config)
        self._loaded(self.base)
        self.query_one("#description", Static).update(described(self.base))
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            for row in self.rows():
                row.set_value(format_value(row.spec, get_key(self.base, row.spec.key)))
        self.picker.forget()
        self.revalidate()

    def _loaded(self, base: dict[str, Any]) -> None:
        """Remember what the loaded config says of its data, to see when the form's data is another."""
        self.data_source = _data_source(base.get("data", {}).get("dataset"), base.get("data", {}).get("path"))
        self.keys_from_the_data = True  # features and task were written for this data
        self.names = {str(base.get("name", ""))}  # names that follow the data: the preset's, then each given by the data

    def _follow_the_data(self, values: dict[str, Any]) -> bool:
        """Other data than the loaded config's: drop what was written for that data, and a name and description about it.

        True when fields were changed."""
        source = _data_source(values.get("data.dataset"), values.get("data.path"))
        if source == self.data_source:
            return False
        self.data_source = source
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            if self.keys_from_the_data:
                self.keys_from_the_data = False
                for key in FROM_THE_DATA:
                    drop_key(self.base, key)
                self.row("data.task").set_value(FIELDS_BY_KEY["data.task"].unset)
            name = self.row("name")
            if name.value in self.names:  # not one the user typed
                new_name = data_name(values)
                self.names.add(new_name)
                name.set_value(new_name)
                self.base["description"] = self.base["description_es"] = ""
                self.query_one("#description", Static).update("")
        return True

    def _raw_config(self, values: dict[str, Any]) -> dict[str, Any]:
        """The form as a config dict, with the column picker's target and features once the CSV has been read."""
        raw = form_to_raw(self.base, values)
        picker = self.picker
        if values.get("data.dataset") == "csv" and picker.shown:
            set_key(raw, "data.target", picker.target)
            features = picker.features
            if features is None:
                drop_key(raw, "data.features")
            else:
                set_key(raw, "data.features", features)
        return raw

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _field_changed(self) -> None:
        self.revalidate()

    @on(ColumnPicker.Changed)
    def _columns_picked(self) -> None:
        with self.prevent(Input.Changed):
            self.row("data.target").set_value(self.picker.target)  # kept if the picker goes (another file, no file)
        self.revalidate()

    def revalidate(self) -> None:
        """Build the config from the form and let the engine judge it; mark each bad field with its message."""
        values = self.form_values()
        if self._follow_the_data(values):
            values = self.form_values()
        self.data_problem = ""
        self._read_columns_if_new(values)
        picked = values.get("data.dataset") == "csv" and self.picker.shown
        for row in self.rows():
            row.display = field_shown(row.spec.key, values) and not (picked and row.spec.key == "data.target")
        by_field: dict[str, str] = {}
        general: list[str] = []
        try:
            self.config = validate_config(self._raw_config(values))
            self.problems = []
        except UserError as error:
            self.config = None
            by_field, general = errors_by_field(error.problems, values)
            self.problems = [f"{key}: {text}" for key, text in by_field.items()] + general
        for row in self.rows():
            row.set_error(by_field.get(row.spec.key))
        self.picker.set_error(by_field.get("data.features") or by_field.get("data.target"))
        self._follow_the_task(values)
        problems = self.query_one("#form-problems", Static)
        text = "\n".join(f"✗ {translated(line)}" for line in general)
        if text != str(problems.content):
            problems.update(text)
        problems.display = bool(general)
        self._update_plan()

    def _update_plan(self) -> None:
        panel = self.query_one(PlanPanel)
        if self.config is None:
            fix = ngettext("Fix the marked field to see the plan.", "Fix the marked fields to see the plan.", len(self.problems))
            panel.show_problem(fix)
            return
        if self.config.data.dataset == "csv":
            panel.show_problem(_("Reading the CSV file…"))
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
            panel.show_problem(translated(str(error)))

    def _show_data_problem(self, error: UserError) -> None:
        """The data cannot be read as configured: mark the field that fixes it, like a config problem."""
        self.data_problem = str(error)
        by_field, _general = errors_by_field(error.problems, self.form_values())
        for row in self.rows():
            if row.spec.key in by_field:
                row.set_error(by_field[row.spec.key])
        picked = by_field.get("data.features") or by_field.get("data.target")
        if picked:
            self.picker.set_error(picked)
        self.query_one(PlanPanel).show_problem(translated(self.data_problem))

    def _follow_the_task(self, values: dict[str, Any]) -> None:
        """The loss list offers the losses that fit the task (a loss that does not fit stays, marked)."""
        loss = self.row("training.loss")
        loss.set_options(loss_options(known_task(values, self.inferred_task), str(loss.value)))

    def _read_columns_if_new(self, values: dict[str, Any]) -> None:
        path = str(values.get("data.path") or "").strip()
        if values.get("data.dataset") != "csv" or not path:
            self.picker.forget()
            return
        if path != self.picker.path:
            self._read_columns(path)

    @work(thread=True, exclusive=True, group="columns", exit_on_error=False)
    def _read_columns(self, path: str) -> None:
        from tui.data.catalog import csv_columns
        from tui.data.stream_path import is_stream

        if is_stream(path):  # read once, by the run: never ahead (it would block and use up the rows)
            self.post_message(ColumnsRead(path, None))
            return
        try:
            self.post_message(ColumnsRead(path, csv_columns(path)))
        except UserError:
            self.post_message(ColumnsRead(path, None))  # the plan panel and the path field say why

    def on_columns_read(self, message: ColumnsRead) -> None:
        values = self.form_values()
        if message.path != str(values.get("data.path") or "").strip() or values.get("data.dataset") != "csv":
            return  # typed on meanwhile
        if message.columns is None:
            self.picker.forget(message.path)
            self.revalidate()
            return
        features = get_key(self.base, "data.features")
        self.picker.show_file(message.path, message.columns, str(values.get("data.target") or ""), features)

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _plan_for_csv(self, config: RunConfig) -> None:
        from tui.data.catalog import DatasetShape, dataset_shape
        from tui.data.stream_path import is_stream, stream_note

        if is_stream(config.data.path):
            self.post_message(PlanReady(config, None, stream_note(config.data.path)))
            return
        shape: DatasetShape | None = None
        try:
            shape = dataset_shape(config.data, config.seed)
            self.post_message(PlanReady(config, plan_text(config, shape), task=shape.task))
        except UserError as error:  # a loss that does not fit the task is known only now
            self.post_message(PlanReady(config, None, str(error), data_error=error, task=shape.task if shape else None))
        except ValueError as error:
            self.post_message(PlanReady(config, None, str(error)))

    def on_plan_ready(self, message: PlanReady) -> None:
        if message.config != self.config:  # the form changed while the file was read
            return
        if message.task != self.inferred_task:
            self.inferred_task = message.task
            self._follow_the_task(self.form_values())
        panel = self.query_one(PlanPanel)
        if message.text is not None:
            panel.show(message.text)
        elif message.data_error is not None:
            self._show_data_problem(message.data_error)
        else:
            panel.show_problem(translated(message.problem))

    # ------------------------------------------------------------------ actions

    def action_start(self) -> None:
        if self.config is None:
            self.notify(_("Cannot start: {problem}").format(problem=self._problems_text()), title=_("Fix the form first"), severity="error",
                        timeout=8)
            return
        if self.data_problem:
            self.notify(_("Cannot start: {problem}").format(problem=translated(self.data_problem)), title=_("Fix the data first"),
                        severity="error", timeout=8)
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
            self.notify(translated(str(error)), title=_("Cannot load preset"), severity="error", timeout=8)
            return
        self.load_config_into_form(config)
        self.notify(_("Loaded preset {name}").format(name=config.name))
        if config.view.opens_backprop:  # the preset's [view] open = "backprop"
            self.action_explain()

    def action_save_preset(self) -> None:
        if self.config is None:
            self.notify(_("Cannot save: {problem}").format(problem=self._problems_text()), title=_("Fix the form first"), severity="error",
                        timeout=8)
            return
        from tui.app.screens.save_preset import SavePresetScreen

        self.app.push_screen(SavePresetScreen(self.config), self._preset_saved)

    def action_explain(self) -> None:
        if self.config is None:
            self.notify(_("Cannot explain: {problem}").format(problem=self._problems_text()), title=_("Fix the form first"),
                        severity="error", timeout=8)
            return
        from tui.app.screens.explain import ExplainScreen

        self.app.push_screen(ExplainScreen(self.config))

    def action_find_lr(self) -> None:
        if self.config is None:
            self.notify(_("Cannot find a learning rate: {problem}").format(problem=self._problems_text()), title=_("Fix the form first"),
                        severity="error", timeout=8)
            return
        from tui.app.screens.lr_find import LrFindScreen

        self.app.push_screen(LrFindScreen(self.config), self._lr_found)

    def _problems_text(self) -> str:
        """What is wrong with the form, one problem after another, in the reader's language."""
        return "; ".join(translated(problem) for problem in self.problems)

    def _lr_found(self, lr: float | None) -> None:
        """The finder's suggestion goes into the form's learning rate (validated like a typed value)."""
        if lr is None:
            return
        row = next(row for row in self.rows() if row.spec.key == "training.lr")
        row.set_value(str(lr))
        self.revalidate()
        self.notify(_("Learning rate set to {lr}").format(lr=number(lr, "g")))

    def _preset_saved(self, path: Path | None) -> None:
        if path is not None:
            self.notify(_("Saved {path}").format(path=path), title=_("Preset saved"))


def _data_source(dataset: Any, path: Any) -> tuple[str, str]:
    """Which data the form is about: the data set, and the file for a CSV."""
    return (str(dataset), str(path or "").strip() if dataset == "csv" else "")
