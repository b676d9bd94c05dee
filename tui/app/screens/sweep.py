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
from tui.core.sweep_spec import sweep_key, sweep_runs
from tui.text.notices import number
from tui.worker.parent import ProcessEvents, error_line

SweepSource = Callable[[RunConfig, "Path | None", threading.Event], Iterable[tuple[int, Any, Any]]]
CHART_PERIOD = 0.5  # seconds between chart redraws
COLUMNS = {"value": None, "status": 10, "epoch": 7, "train loss": 10, "val loss": 10, "best": 14}  # name: width


class SweepScreen(LiveScreen[tuple[int, Event], None]):
    DEFAULT_CSS = """
    SweepScreen { layout: vertical; }
    SweepScreen #sweep-title { padding: 0 1; text-style: bold; }
    SweepScreen #sweep-table { height: auto; max-height: 12; }
    SweepScreen #sweep-status { padding: 0 1; color: $text-muted; }
    SweepScreen #sweep-chart { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("s", "stop", "Stop"), Binding("escape", "back", "Back")]

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
        yield Label(f"{self.config.name}: {self.key} = {', '.join(self.labels)} (same seed, data and initial weights)",
                    id="sweep-title")
        yield DataTable(id="sweep-table", cursor_type="none")
        yield Label("Starting (loading data and torch)…", id="sweep-status")
        yield RunsChart(id="sweep-chart")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name, width in COLUMNS.items():
            table.add_column(name, key=name, width=width)  # cells fill in later: size the columns for them now
        for index, label in enumerate(self.labels):
            table.add_row(label, "waiting", "", "", "", "", key=str(index))
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
                table.update_cell(row, "status", "running")
                self.query_one("#sweep-status", Label).update(
                    f"Run {index + 1}/{len(self.labels)}: {self.key} = {self.labels[index]} · "
                    f"{event.steps_per_epoch} steps per epoch ({event.gd_kind}) · s stops")
            elif isinstance(event, Finished):
                self.finished[index] = event
                table.update_cell(row, "status", event.reason)
                best = "-" if event.best is None else f"{event.best:.4f} @{event.best_epoch}"
                table.update_cell(row, "best", best)
                self._dirty = True
        for index, last in latest.items():
            row = str(index)
            table.update_cell(row, "epoch", str(last.epoch))
            table.update_cell(row, "train loss", number(last.train_loss))
            table.update_cell(row, "val loss", number(last.val_loss))
            self._dirty = True

    def work_ended(self, error: BaseException | None) -> None:
        status = self.query_one("#sweep-status", Label)
        if error is not None:
            status.update(f"✗ {error_line(error)}")
        else:
            done = sum(f is not None for f in self.finished)
            where = f"; runs saved in {self.runs_root}" if self.runs_root else ""
            status.update(f"Done: {done} of {len(self.labels)} runs{where}. escape goes back.")
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
        self.query_one("#sweep-status", Label).update("Stopping: the current run keeps its best model; the rest are skipped.")

    def action_stop(self) -> None:
        self.request_stop()

    def action_back(self) -> None:
        if self.running:
            self.notify("The sweep is running: press s to stop it first.", severity="warning")
            return
        self.dismiss(None)
