"""The runs screen: every saved run in a table; selected runs' loss curves overlaid in one chart.

space (or enter) selects a run for the chart, l loads the highlighted run's config back
into the form (dismisses with a RunConfig), r resumes a stopped or interrupted run in its own
folder (a training screen on top; back here when it closes), escape goes back (dismisses None).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Label

from tui.app.widgets.footer import TranslatedFooter
from tui.app.widgets.runs_chart import RunCurves, RunsChart
from tui.core.config import RunConfig
from tui.core.i18n import N_, _, number, translated
from tui.core.vocabulary import (
    COMPLETED,
    DAMAGED,
    DIVERGED,
    EARLY_STOP,
    FAILED,
    INTERRUPTED,
    RUNNING,
    STOPPED,
    TRAIN_ACCURACY,
    TRAIN_LOSS,
    TRAIN_MAE,
    VAL_ACCURACY,
    VAL_F1,
    VAL_LOSS,
    VAL_MAE,
)
from tui.runs.listing import RunInfo, list_runs, read_curves
from tui.runs.location import default_runs_dir
from tui.text.status_words import status_word

RESUMABLE = (STOPPED, INTERRUPTED, DIVERGED, FAILED)
WHY_NOT_RESUMABLE = {
    COMPLETED: N_("it finished all its epochs"),
    EARLY_STOP: N_("early stopping ended it"),
    RUNNING: N_("it is still running"),
    DAMAGED: N_("its folder is damaged"),
}
NO_CHECKPOINT = N_("it has no resume checkpoint")
COLUMNS = ("", N_("run"), N_("date"), N_("dataset"), N_("model"), N_("optimizer"), "lr", N_("batch"), N_("epochs"), N_("end"), N_("best"))
# On narrower screens the table keeps what tells runs apart and how they ended (status and best stay in view).
COLUMNS_BY_WIDTH = (  # (at least this many columns, the columns shown), widest first
    (140, COLUMNS),
    (110, ("", "run", "dataset", "model", "lr", "batch", "end", "best")),
    (0, ("", "run", "dataset", "end", "best")),
)
NAME_WIDTH = 26  # longer run names are cut in the middle (the start and the trial number both matter)
SELECTED_MARK = "✓"
# What the chart can overlay, in the order m cycles through: (name, training column or None, validation column).
OVERLAYS: tuple[tuple[str, str | None, str], ...] = (
    ("loss", TRAIN_LOSS, VAL_LOSS),
    ("accuracy %", TRAIN_ACCURACY, VAL_ACCURACY),
    ("MAE", TRAIN_MAE, VAL_MAE),
    ("F1", None, VAL_F1),
)
PERCENT_METRICS = (TRAIN_ACCURACY, VAL_ACCURACY)  # stored as fractions, shown as percent as everywhere else
DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[int, object], ...]:
    """trial5 before trial10: runs of digits compare as numbers."""
    return tuple((1, int(part)) if part.isdigit() else (0, part) for part in DIGITS.split(name) if part)


def shown_columns(width: int) -> tuple[str, ...]:
    return next(columns for least, columns in COLUMNS_BY_WIDTH if width >= least)


def short_name(name: str) -> str:
    if len(name) <= NAME_WIDTH:
        return name
    half = (NAME_WIDTH - 1) // 2
    return name[:half] + "…" + name[-(NAME_WIDTH - 1 - half):]


STAMP = re.compile(r"-\d{8}-\d{6}(-\d+)?$")  # new_run_dir's suffix: -YYYYMMDD-HHMMSS[-n]


def legend_labels(names: list[str]) -> list[str]:
    """Run folder names without their time stamps, unless that would make two the same."""
    short = [STAMP.sub("", name) or name for name in names]
    return short if len(set(short)) == len(short) else names


def row_cells(info: RunInfo, selected: bool, columns: tuple[str, ...] = COLUMNS) -> tuple[str, ...]:
    """The table's cells for `columns`; the name loses its time stamp (the date column has it)."""
    best = "-" if info.best is None else f"{info.monitor} {number(info.best, '.4f')}"
    cells = dict(zip(COLUMNS, (
        SELECTED_MARK if selected else " ", short_name(STAMP.sub("", info.name) or info.name), info.started[5:16], info.dataset,
        info.model, info.optimizer, "?" if info.lr is None else number(info.lr, "g"), info.batch, str(info.epochs),
        status_word(info.status), best,
    )))
    return tuple(cells[column] for column in columns)


def curve(columns: dict[str, list[float | None]], key: str) -> list[float | None]:
    values = columns.get(key) or []
    if key in PERCENT_METRICS:
        return [None if v is None else v * 100 for v in values]
    return values


class RunsScreen(Screen[RunConfig | None]):
    DEFAULT_CSS = """
    RunsScreen { layout: vertical; }
    RunsScreen #runs-title { padding: 0 1; text-style: bold; }
    RunsScreen #runs-table { height: 2fr; min-height: 5; }
    RunsScreen #runs-status { padding: 0 1; color: $text-muted; }
    RunsScreen #runs-chart { height: 3fr; }
    """  # not translated: CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_run", N_("Select")),
        Binding("l", "load", N_("Load config")),
        Binding("r", "resume", N_("Resume")),
        Binding("e", "train_further", N_("Train further")),
        Binding("a", "attach", N_("Attach")),
        Binding("m", "next_metric", N_("Metric")),
        Binding("E", "evaluate", N_("Evaluate")),
        Binding("escape", "back", N_("Back")),
        Binding("end", "last_row", N_("Last run"), show=False, priority=True),  # the table's own End goes to the last column
        Binding("home", "first_row", N_("First run"), show=False, priority=True),
    ]

    def __init__(self, runs_root: Path | None = None) -> None:
        super().__init__()
        self.runs_root = runs_root
        self.runs: list[RunInfo] = []
        self.selected: list[str] = []  # run names, in the order chosen (their colours in the chart)
        self.columns: tuple[str, ...] = ()
        self.overlay = 0  # index in OVERLAYS

    def compose(self) -> ComposeResult:
        yield Label(_("Runs"), id="runs-title")
        yield DataTable(id="runs-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="runs-status")
        yield RunsChart(id="runs-chart")
        yield TranslatedFooter()

    @property
    def root(self) -> Path:
        return self.runs_root or getattr(self.app, "runs_root", None) or default_runs_dir()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        if shown_columns(self.size.width) != self.columns:
            self.reload()

    def reload(self) -> None:
        """Read the run folders again (newest first) and redraw the table and chart."""
        runs = list_runs(self.root)
        self.runs = sorted(runs, key=lambda r: (r.started, natural_key(r.name)), reverse=True)
        known = {r.name for r in self.runs}
        self.selected = [name for name in self.selected if name in known]
        table = self.query_one(DataTable)
        columns = shown_columns(self.size.width)
        if columns != self.columns:
            table.clear(columns=True)
            for name in columns:
                table.add_column(_(name), key=name or "selected")
            self.columns = columns
        table.clear()
        for info in self.runs:
            table.add_row(*row_cells(info, info.name in self.selected, columns), key=info.name)
        self.query_one("#runs-title", Label).update(_("Runs in {folder}  ({count})").format(folder=self.root, count=len(self.runs)))
        self._refresh_selection()

    def highlighted(self) -> RunInfo | None:
        table = self.query_one(DataTable)
        if not self.runs or not 0 <= table.cursor_row < len(self.runs):
            return None
        return self.runs[table.cursor_row]

    def action_toggle_run(self) -> None:  # not action_toggle: Textual's own toggle action takes an attribute name
        info = self.highlighted()
        if info is None:
            return
        if info.name in self.selected:
            self.selected.remove(info.name)
        else:
            self.selected.append(info.name)
        mark = SELECTED_MARK if info.name in self.selected else " "
        self.query_one(DataTable).update_cell(info.name, "selected", mark)
        self._refresh_selection()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_toggle_run()  # enter and a click on the highlighted row select too

    def _refresh_selection(self) -> None:
        by_name = {r.name: r for r in self.runs}
        metric, train_key, val_key = OVERLAYS[self.overlay]
        curves = []
        for name, label in zip(self.selected, legend_labels(self.selected)):
            columns = read_curves(by_name[name].path)
            if columns.get("epoch"):
                epochs = columns["epoch"]
                train: list[float | None] = curve(columns, train_key) if train_key else [None] * len(epochs)
                curves.append(RunCurves(label, epochs, train, curve(columns, val_key)))
        if not self.runs:
            status = _("No runs yet: train one and it is saved here.")
        else:
            status = _("{count} selected · space: chart · m: metric ({metric}) · l: load config · r: resume · e: train further · "
                       "E: evaluate · esc: back").format(count=len(self.selected), metric=metric)
        self.query_one("#runs-status", Label).update(status)
        self.query_one(RunsChart).show(curves, metric)

    def action_next_metric(self) -> None:
        self.overlay = (self.overlay + 1) % len(OVERLAYS)
        self._refresh_selection()

    def _config_of(self, info: RunInfo, cannot: str, overrides: list[str] | None = None) -> RunConfig | None:
        """The run's saved config (with `overrides`), or None after telling the user why it cannot be read (`cannot`, a
        message with the fields run and problem)."""
        from tui.core.config import load_config
        from tui.core.errors import UserError
        from tui.runs.file_limits import MAX_RUN_CONFIG_BYTES

        try:
            return load_config(info.path / "config.toml", overrides or [], limit=MAX_RUN_CONFIG_BYTES)
        except UserError as error:
            self.notify(cannot.format(run=info.name, problem=translated(str(error))), severity="error", timeout=8)
            return None

    def action_load(self) -> None:
        info = self.highlighted()
        if info is None:
            return
        config = self._config_of(info, _("Cannot load {run}: {problem}"))
        if config is not None:
            self.dismiss(config)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_evaluate(self) -> None:
        """The highlighted run's confusion matrix and scores on its validation split."""
        info = self.highlighted()
        if info is not None:
            from tui.app.screens.evaluation import EvaluationScreen

            self.app.push_screen(EvaluationScreen(info.path))

    def action_last_row(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.row_count - 1))

    def action_first_row(self) -> None:
        self.query_one(DataTable).move_cursor(row=0)

    def action_resume(self) -> None:
        info = self.highlighted()
        if info is None:
            return
        refuse = getattr(self.app, "refuse_while_training", None)  # the nn-tui app's rule (a test host has none)
        if refuse is not None and refuse(_("resuming another run")):
            return
        if info.status not in RESUMABLE or not (info.path / "resume.pt").exists():
            why = _(WHY_NOT_RESUMABLE.get(info.status, NO_CHECKPOINT))
            self.notify(_("Cannot resume {run}: {reason}. To train it longer press e (or: nn-tui train --resume {run} "
                          "--set training.epochs=N)").format(run=info.name, reason=why), severity="warning", timeout=10)
            return
        config = self._config_of(info, _("Cannot resume {run}: {problem}"))
        if config is not None:
            self._continue(info, config)

    def action_train_further(self) -> None:
        """A completed or early-stopped run: ask for the epochs in all, then resume it with them (as `r` resumes)."""
        info = self.highlighted()
        if info is None:
            return
        refuse = getattr(self.app, "refuse_while_training", None)
        if refuse is not None and refuse(_("training another run further")):
            return
        if info.status not in (COMPLETED, EARLY_STOP):
            hint = _("r resumes it") if info.status in RESUMABLE else _(WHY_NOT_RESUMABLE.get(info.status, ""))
            self.notify(_("Cannot train {run} further: it did not finish ({hint}).").format(run=info.name, hint=hint),
                        severity="warning", timeout=8)
            return
        if not (info.path / "resume.pt").exists():
            self.notify(_("Cannot train {run} further: it has no resume checkpoint.").format(run=info.name), severity="warning", timeout=8)
            return
        from tui.app.screens.more_epochs import TRAINING_EPOCHS, MoreEpochsScreen

        def start(epochs: int | None) -> None:
            if epochs is None:
                return
            config = self._config_of(info, _("Cannot train further {run}: {problem}"), [f"{TRAINING_EPOCHS}={epochs}"])
            if config is not None:
                self._continue(info, config)

        self.app.push_screen(MoreEpochsScreen(info.name, info.epochs), start)

    def action_attach(self) -> None:
        """A run training in another process (detached, or headless): its live view (docs/DESIGN.md §Detach and attach)."""
        info = self.highlighted()
        if info is None:
            return
        if info.status != RUNNING:
            self.notify(_("Cannot attach to {run}: it is not training ({status}).").format(run=info.name, status=status_word(info.status)),
                        severity="warning", timeout=6)
            return
        config = self._config_of(info, _("Cannot attach to {run}: {problem}"))
        if config is not None:
            from tui.app.screens.attached import AttachedScreen

            self.app.push_screen(AttachedScreen(config, self.root, info.path))

    def _continue(self, info: RunInfo, config: RunConfig) -> None:
        """Continue the run in its own folder from its checkpoint (a training screen on top)."""
        from tui.app.screens.training import TrainingScreen
        from tui.worker.parent import processes_of

        self.app.push_screen(TrainingScreen(config, self.root, processes_of(self.app).resuming(info.path)))

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.query(DataTable):
            self.reload()  # back from a resumed run: its row has changed


