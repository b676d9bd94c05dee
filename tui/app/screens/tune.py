"""The tuning screen: an Optuna study of the config's [tune] space, trial by trial.

The study runs in a training process of its own; its events come as on every live screen
(tui.app.screens.live, docs/DESIGN.md §Threads and processes). Rows change when a trial
starts, reports (at most twice a second, throttled by the engine) and ends; the chart redraws at most
twice a second. `use best` dismisses with the best params applied to the config; escape stops the
study (the running trial is stopped and recorded as failed) and dismisses with None.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from tui.app.formatting import as_written
from tui.app.screens.live import LiveScreen
from tui.app.widgets.footer import TranslatedFooter
from tui.core.config import RunConfig
from tui.core.errors import ConfigError
from tui.core.events import Event
from tui.core.i18n import N_, _, translated
from tui.core.i18n import number as localized
from tui.core.keys import key_name
from tui.core.tune_events import TrialEnded, TrialEpoch, TrialStarted, TuneFinished, TuneStarted
from tui.core.tune_space import TuneSpec, format_value, parse_tune, with_params
from tui.core.vocabulary import RUNNING, TRIAL_COMPLETE, TRIAL_FAILED, TRIAL_PRUNED
from tui.text.status_words import status_word
from tui.worker.parent import error_line, processes_of
from tui.worker.protocol import TuneSettings

# Given the stop flag, yields the tuner's events. Tests pass a fake one; the default runs a real study.
TuneSource = Callable[[threading.Event], Iterator[Event]]
CHART_PERIOD = 0.5  # seconds between chart redraws (each holds the GIL for ~20 ms)
# Each table change re-renders every visible cell on the UI thread, which holds the GIL the trials need:
# short trials (iris: ~20 a second) repainting per event made the study 2-2.7x slower than headless.
TABLE_PERIOD = 0.5
STATE_MARKERS = {TRIAL_COMPLETE: "•", TRIAL_PRUNED: "x"}
CHART_KEY = N_("• complete  x pruned  ⣀ best so far")  # markers, not colours, so it reads with NO_COLOR
NO_TUNE_EXAMPLE = (  # a preset's TOML, the same in every language
    "  [tune]\n  trials = 20\n  training.lr = {low = 1e-4, high = 1.0, log = true}\n"  # not translated: TOML
    '  model.hidden = [[8], [16, 16], [32, 32]]\n  training.optimizer = ["sgd", "adam"]\n\n'
)


def no_tune_text() -> str:
    """What the screen says for a config without a [tune] section: why, and an example to copy."""
    return (_("This config has no [tune] section, so there is nothing to search.") + "\n"
            + _("Add one to the preset, for example:") + "\n\n" + NO_TUNE_EXAMPLE
            + _("or open the tune-iris or tune-moons preset."))


# The study's header by its direction: minimising and maximising read differently in Spanish.
HEADERS = {
    "minimize": N_("Tuning {name}: {trials} trials, minimize {objective}, {sampler} sampler, {pruner} pruner"),
    "maximize": N_("Tuning {name}: {trials} trials, maximize {objective}, {sampler} sampler, {pruner} pruner"),
}


class TrialChart(PlotextPlot):
    """The objective of each trial (• complete, x pruned at its last value) and the running best."""

    DEFAULT_CSS = "TrialChart { height: 1fr; min-height: 8; }"

    def __init__(self, objective: str, maximize: bool, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.objective = objective
        self.maximize = maximize
        self.points: dict[int, tuple[str, float]] = {}  # trial number → (state, value)
        self.dirty = False

    def add(self, number: int, state: str, value: float | None) -> None:
        if value is not None and state in STATE_MARKERS:
            self.points[number] = (state, value)
            self.dirty = True

    def running_best(self) -> tuple[list[int], list[float]]:
        xs: list[int] = []
        ys: list[float] = []
        for number in sorted(self.points):
            state, value = self.points[number]
            if state != TRIAL_COMPLETE:
                continue
            best = value if not ys else (max(ys[-1], value) if self.maximize else min(ys[-1], value))
            xs.append(number)
            ys.append(best)
        return xs, ys

    def redraw(self) -> None:
        self.dirty = False
        plt = self.plt
        plt.clear_data()
        plt.title(_("{objective} per trial").format(objective=self.objective))
        plt.xlabel(_("trial"))
        best_x, best_y = steps(*self.running_best())
        if best_x:  # drawn first so that the trials' markers stay on top
            plt.plot(best_x, best_y, marker="braille", color="green+")
        for state, marker in STATE_MARKERS.items():
            xs = [n for n, (s, _) in sorted(self.points.items()) if s == state]
            if xs:
                plt.scatter(xs, [self.points[n][1] for n in xs], marker=marker)
        if self.points:  # whole trial numbers, with room so that the first and last points clear the frame
            last = max(self.points)
            plt.xticks(list(range(0, last + 1, max(1, (last + 7) // 8))))
            plt.xlim(-0.5, last + 0.5)
        self.refresh()


def steps(xs: list[int], ys: list[float]) -> tuple[list[float], list[float]]:
    """A running best as a staircase: flat until a trial beats it, then straight down (or up)."""
    step_x: list[float] = []
    step_y: list[float] = []
    for x, y in zip(xs, ys):
        if step_y:
            step_x.append(x)
            step_y.append(step_y[-1])
        step_x.append(x)
        step_y.append(y)
    return step_x, step_y


class TuneScreen(LiveScreen[Event, RunConfig | None]):
    STARTS_ON_MOUNT = False  # s starts the study
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", N_("Start")),
        Binding("b", "use_best", N_("Use best")),
        Binding("escape", "back", N_("Stop & back")),
    ]
    DEFAULT_CSS = """
    TuneScreen #tune-header { height: auto; padding: 0 1; }
    TuneScreen #tune-body { height: 1fr; }
    TuneScreen #trials { width: 3fr; }
    TuneScreen #tune-side { width: 2fr; }
    TuneScreen #best { height: auto; border: round $success; padding: 0 1; }
    TuneScreen #tune-status { height: auto; padding: 0 1; color: $text-muted; }
    TuneScreen #running { height: 1; padding: 0 1; }
    TuneScreen #chart-key { height: 1; padding: 0 1; color: $text-muted; }
    TuneScreen #no-tune { padding: 1 2; }
    """  # not translated: CSS

    def __init__(
        self,
        config: RunConfig,
        *,
        runs_dir: Path | None = None,
        storage: str | None = None,
        study_name: str | None = None,
        trials: int | None = None,
        keep_runs: bool = True,
        source: TuneSource | None = None,
    ) -> None:
        """`runs_dir`: where trial run folders and the default SQLite study go (None = the default runs folder);
        `keep_runs=False` writes nothing (no run folders, the study in memory); `source` replaces the study in tests."""
        super().__init__()
        self.config = config
        self.runs_dir = runs_dir
        self.keep_runs = keep_runs
        self.storage = storage
        self.study_name = study_name
        self.trials = trials
        self.source = source or self._real_study
        self.best_params: dict | None = None
        self.problem = ""
        self.pending_rows: dict[int, tuple[dict | None, str, str]] = {}  # trial → (params, value, state) not drawn yet
        self.pending_best = ""
        self.last_table_flush = 0.0
        self.spec: TuneSpec | None = None
        try:
            self.spec = parse_tune(config)
        except ConfigError as error:
            self.problem = str(error)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        if self.spec is None:
            yield Static(translated(self.problem) or no_tune_text(), id="no-tune", markup=False)
            yield TranslatedFooter()
            return
        yield Static(self._header_text(), id="tune-header", markup=False)
        with Horizontal(id="tune-body"):
            yield DataTable(id="trials", cursor_type="row", zebra_stripes=True)
            with Vertical(id="tune-side"):
                yield Static(_("Best so far: none yet"), id="best", markup=False)
                yield TrialChart(self.spec.objective, self.spec.direction == "maximize", id="chart")
                yield Static(_(CHART_KEY), id="chart-key", markup=False)
        yield Static("", id="running", markup=False)
        yield Static(_("Press s to start the search."), id="tune-status", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        if self.spec is None:
            return
        table = self.query_one("#trials", DataTable)
        table.add_column("#", key="number")
        for param in self.spec.params:
            table.add_column(key_name(param.key), key=param.key)
        table.add_column(self.spec.objective, key="value")
        table.add_column(_("state"), key="state")
        self.set_interval(CHART_PERIOD, self.flush_chart)
        self.set_interval(TABLE_PERIOD, self.flush_table)

    def _header_text(self) -> str:
        spec = self.spec
        assert spec is not None
        space = "\n".join(f"  {p.key} {p.describe()}" for p in spec.params)
        header = _(HEADERS[spec.direction]).format(name=self.config.name, trials=self.trials or spec.trials, objective=spec.objective,
                                                   sampler=spec.sampler, pruner=spec.pruner)
        return f"{header}\n{space}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "use_best") and self.spec is None:
            return False  # nothing to run without a [tune] section
        if action == "start" and self.running:
            return None  # shown, greyed out
        return True

    # ------------------------------------------------------------------ the study

    def action_start(self) -> None:
        if self.spec is None or self.running:
            return
        self.query_one("#tune-status", Static).update(_("Starting the study …"))
        self.start_work()
        self.refresh_bindings()

    def events(self) -> Iterator[Event]:
        return self.source(self.stop_flag)

    def _real_study(self, stop: threading.Event) -> Iterator[Event]:
        """The study in a training process of its own: optuna and torch stay out of the app, and off its GIL."""
        from tui.runs.location import default_runs_dir

        settings = TuneSettings(storage=self.storage, root=str(self.runs_dir or default_runs_dir()), keep_runs=self.keep_runs,
                                study_name=self.study_name, trials=self.trials)
        return processes_of(self.app).tune(self.config, stop, settings)

    def show_events(self, items: list[Event]) -> None:
        for event in items:
            self._show(event)

    def _show(self, event: Event) -> None:
        status = self.query_one("#tune-status", Static)
        if isinstance(event, TuneStarted):
            if event.joined:
                started = _("Study {study!r} in {storage}, joined with {existing} trials already there. Escape stops it.")
            else:
                started = _("Study {study!r} in {storage}. Escape stops it.")
            status.update(started.format(study=event.study, storage=event.storage, existing=event.existing))
            if event.differs:
                self.notify(
                    _("Study {study!r} was started with other settings ({settings}); its earlier trials may not compare with these.")
                    .format(study=event.study, settings=", ".join(event.differs[:4])),
                    severity="warning",
                    timeout=10,
                )
        elif isinstance(event, TrialStarted):
            self._set_row(event.number, event.params, "…", RUNNING)
        elif isinstance(event, TrialEpoch):
            # A one-line Static, not the table: a table change re-renders every visible cell.
            value = "…" if event.value is None else localized(event.value, ".4f")
            if event.best is None:
                running = _("Trial {trial}: epoch {epoch}/{epochs}, {objective} {value}")
            else:
                running = _("Trial {trial}: epoch {epoch}/{epochs}, {objective} {value} (best {best})")
            self.query_one("#running", Static).update(running.format(
                trial=event.number, epoch=event.epoch, epochs=event.epochs, objective=self.spec.objective,  # type: ignore[union-attr]
                value=value, best=None if event.best is None else localized(event.best, ".4f")))
        elif isinstance(event, TrialEnded):
            self._trial_ended(event)
        elif isinstance(event, TuneFinished):
            if event.stopped:
                ended = _("Stopped. {ran} trials here: {complete} complete, {pruned} pruned, {failed} failed; {total} in the study.")
            else:
                ended = _("Done. {ran} trials here: {complete} complete, {pruned} pruned, {failed} failed; {total} in the study.")
            ended = ended.format(ran=event.ran, complete=event.complete, pruned=event.pruned, failed=event.failed, total=event.total)
            status.update(ended + (_(" Press b to use the best settings.") if event.best_number is not None else ""))
            self.query_one("#running", Static).update("")
            self.flush_table()
            self.flush_chart(force=True)

    def _trial_ended(self, event: TrialEnded) -> None:
        value = "—" if event.value is None else localized(event.value, ".6f")
        self._set_row(event.number, event.params, value, event.state)
        self.query_one(TrialChart).add(event.number, event.state, event.value)
        if event.best_number is not None and event.best_value is not None:
            # Rounded as a person writes them: what the panel shows is what "use best" puts in the form.
            self.best_params = {key: as_written(v) for key, v in event.best_params.items()}
            lines = [_("Best so far: trial {trial}").format(trial=event.best_number),
                     f"  {self.spec.objective} = {localized(event.best_value, '.6f')}"]  # type: ignore[union-attr]
            lines += [f"  {key} = {format_value(v)}" for key, v in self.best_params.items()]
            self.pending_best = "\n".join(lines + [_("Press b to use these settings.")])
        if event.state == TRIAL_FAILED and event.message:
            self.query_one("#tune-status", Static).update(_("Trial {trial} failed: {problem}").format(trial=event.number,
                                                                                                     problem=translated(event.message)))

    def _set_row(self, number: int, params: dict | None, value: str, state: str) -> None:
        """Queue a row change; drawn now if the table has not been drawn for a while, else by the timer."""
        earlier = self.pending_rows.get(number)
        self.pending_rows[number] = (params if params is not None else (earlier[0] if earlier else None), value, state)
        if time.monotonic() - self.last_table_flush >= TABLE_PERIOD:
            self.flush_table()

    def flush_table(self) -> None:
        if not self.pending_rows and not self.pending_best:
            return
        self.last_table_flush = time.monotonic()
        table = self.query_one("#trials", DataTable)
        with self.app.batch_update():
            for number, (params, value, state) in self.pending_rows.items():
                key = str(number)
                if key not in table.rows:
                    cells = [str(number), *("" for _ in self.spec.params), value, status_word(state)]  # type: ignore[union-attr]
                    table.add_row(*(Text(cell) for cell in cells), key=key)
                for param_key, param_value in (params or {}).items():
                    if param_key in table.columns:
                        table.update_cell(key, param_key, Text(format_value(param_value)))
                table.update_cell(key, "value", Text(value))
                table.update_cell(key, "state", Text(status_word(state)))
            if self.pending_best:
                self.query_one("#best", Static).update(self.pending_best)
        self.pending_rows.clear()
        self.pending_best = ""

    def flush_chart(self, force: bool = False) -> None:
        charts = self.query(TrialChart)
        if charts and (charts.first().dirty or force):
            charts.first().redraw()

    def work_ended(self, error: BaseException | None) -> None:
        self.refresh_bindings()
        self.flush_table()  # whatever the throttle still holds
        self.flush_chart()
        if error is not None:
            stopped = _("The study stopped with an error: {problem}").format(problem=translated(error_line(error)))
            self.query_one("#tune-status", Static).update(stopped)

    # ------------------------------------------------------------------ leaving

    def stopping(self) -> None:
        self.query_one("#tune-status", Static).update(_("Stopping the study …"))

    async def action_back(self) -> None:
        await self.stop_and_wait()  # the running trial is stopped and recorded as failed
        self.dismiss(None)

    async def action_use_best(self) -> None:
        if not self.best_params:
            self.notify(_("No trial has completed yet, so there is no best to use."), severity="warning")
            return
        await self.stop_and_wait()
        try:
            config = with_params(self.config, self.best_params)
        except ConfigError as error:
            self.notify(_("The best settings do not fit this config: {problem}").format(problem=translated(str(error))), severity="error")
            return
        self.dismiss(config)
