"""A sweep raced live: one run per value of the preset's [sweep] key, their curves overlaid as they grow.

Open it for a config with a `sweep` section: `app.push_screen(SweepScreen(config, runs_root))`.
The runs go one after another in a training process of their own; their events come as on every
live screen (tui.app.screens.live), the table shows each batch's latest epochs, and the chart redraws
twice a second.
s stops (the current run keeps its best model; the rest are skipped), escape goes back when done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Label

from tui.app.screens.live import LiveScreen
from tui.app.widgets.footer import TranslatedFooter
from tui.app.widgets.runs_chart import RunCurves, RunsChart
from tui.core.config import RunConfig
from tui.core.events import EpochEnded, Event, Finished, RunStarted
from tui.core.i18n import N_, _, number, translated
from tui.core.sweep_spec import sweep_key, sweep_runs
from tui.core.vocabulary import BATCH_GD, FINISH_REASONS, MINI_BATCH_GD, RUNNING, STOCHASTIC_GD
from tui.text.status_words import WAITING, status_word, widest
from tui.worker.parent import ProcessEvents, error_line

SweepSource = Callable[[RunConfig, "Path | None", threading.Event], Iterable[tuple[int, Any, Any]]]
CHART_PERIOD = 0.5  # seconds between chart redraws
COLUMNS = {N_("value"): None, N_("status"): 10, N_("epoch"): 7, N_("train loss"): 10, N_("val loss"): 10, N_("best"): 14}  # name: width
# A run's line by its kind of gradient descent: the lecture names each kind, as one phrase, in its own words.
RUN_LINES = {
    BATCH_GD: N_("Run {run}/{runs}: {key} = {value} · {steps} steps per epoch (batch) · s stops"),
    STOCHASTIC_GD: N_("Run {run}/{runs}: {key} = {value} · {steps} steps per epoch (stochastic) · s stops"),
    MINI_BATCH_GD: N_("Run {run}/{runs}: {key} = {value} · {steps} steps per epoch (mini-batch) · s stops"),
}


class SweepScreen(LiveScreen[tuple[int, Event], None]):
    DEFAULT_CSS = """
    SweepScreen { layout: vertical; }
    SweepScreen #sweep-title { padding: 0 1; text-style: bold; }
    SweepScreen #sweep-table { height: auto; max-height: 12; }
    SweepScreen #sweep-status { padding: 0 1; color: $text-muted; }
    SweepScreen #sweep-chart { height: 1fr; }
    """  # not translated: CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("s", "stop", N_("Stop")), Binding("escape", "back", N_("Back"))]

    def __init__(self, config: RunConfig, runs_root: Path | None = None, source: SweepSource | None = None) -> None:
        super().__init__()
        self.config = config
        self.runs_root = runs_root
        self.source = source or ProcessEvents().sweep  # the whole sweep in a training process of its own
        self.key = sweep_key(config)
        self.labels = [run.label for run in sweep_runs(config)]
        self.epochs: list[list[EpochEnded]] = [[] for _ in self.labels]
        self.finished: list[Finished | None] = [None for _ in self.labels]
        self._dirty = False

    def compose(self) -> ComposeResult:
        yield Label(_("{name}: {key} = {values} (same seed, data and initial weights)").format(
            name=self.config.name, key=self.key, values=", ".join(self.labels)), id="sweep-title")
        yield DataTable(id="sweep-table", cursor_type="none")
        yield Label(_("Starting (loading data and torch)…"), id="sweep-status")
        yield RunsChart(id="sweep-chart")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        statuses = widest((*FINISH_REASONS, RUNNING, WAITING))  # "parada temprana" is wider than "early_stop"
        for name, width in COLUMNS.items():
            shown = width if width is None else max(width, len(_(name)), statuses if name == "status" else 0)
            table.add_column(_(name), key=name, width=shown)  # cells fill in later: size the columns for them now
        for index, label in enumerate(self.labels):
            table.add_row(label, status_word(WAITING), "", "", "", "", key=str(index))
        self.set_interval(CHART_PERIOD, self._redraw)
        self.start_work()

    def events(self) -> Iterator[tuple[int, Event]]:
        """(run index, event) for what the table and chart show: starts, epochs and ends."""
        for index, _run, event in self.source(self.config, self.runs_root, self.stop_flag):
            if isinstance(event, (RunStarted, EpochEnded, Finished)):
                yield index, event

    def show_events(self, items: list[tuple[int, Event]]) -> None:
        table = self.query_one(DataTable)
        latest: dict[int, EpochEnded] = {}  # each run's last epoch in this batch: one table update per run, not per epoch
        for index, event in items:
            row = str(index)
            if isinstance(event, EpochEnded):
                self.epochs[index].append(event)
                latest[index] = event
            elif isinstance(event, RunStarted):
                table.update_cell(row, "status", status_word(RUNNING))
                line = _(RUN_LINES[event.gd_kind])
                self.query_one("#sweep-status", Label).update(line.format(
                    run=index + 1, runs=len(self.labels), key=self.key, value=self.labels[index], steps=event.steps_per_epoch))
            elif isinstance(event, Finished):
                self.finished[index] = event
                table.update_cell(row, "status", status_word(event.reason))
                best = "-" if event.best is None else f"{number(event.best, '.4f')} @{event.best_epoch}"
                table.update_cell(row, "best", best)
                self._dirty = True
        for index, last in latest.items():
            row = str(index)
            table.update_cell(row, "epoch", str(last.epoch))
            table.update_cell(row, "train loss", _loss(last.train_loss))  # not translated: column keys
            table.update_cell(row, "val loss", _loss(last.val_loss))  # not translated: column keys
            self._dirty = True

    def work_ended(self, error: BaseException | None) -> None:
        status = self.query_one("#sweep-status", Label)
        if error is not None:
            status.update(f"✗ {translated(error_line(error))}")
        else:
            done = sum(f is not None for f in self.finished)
            if self.runs_root:
                ended = _("Done: {done} of {runs} runs; runs saved in {folder}. escape goes back.")
            else:
                ended = _("Done: {done} of {runs} runs. escape goes back.")
            status.update(ended.format(done=done, runs=len(self.labels), folder=self.runs_root))
        self._redraw(force=True)

    def _redraw(self, force: bool = False) -> None:
        if not (self._dirty or force):
            return
        self._dirty = False
        curves = [
            RunCurves(label, [e.epoch for e in epochs], [e.train_loss for e in epochs], [e.val_loss for e in epochs])
            for label, epochs in zip(self.labels, self.epochs)
            if epochs
        ]
        self.query_one(RunsChart).show(curves)

    def stopping(self) -> None:
        self.query_one("#sweep-status", Label).update(_("Stopping: the current run keeps its best model; the rest are skipped."))

    def action_stop(self) -> None:
        self.request_stop()

    def action_back(self) -> None:
        if self.running:
            self.notify(_("The sweep is running: press s to stop it first."), severity="warning")
            return
        self.dismiss(None)


def _loss(value: float | None) -> str:
    return "-" if value is None else number(value, ".4f")
