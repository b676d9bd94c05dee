"""The training screen: live charts, progress, notices, and the summary when the run ends.

The Trainer runs in a process of its own; its events come as on every live screen (tui.app.screens.live,
docs/DESIGN.md §Threads and processes). This screen keeps the latest state as events arrive and repaints on one timer,
twice a second: the progress panel and the charts that changed, in the same frame, so they never disagree
(a chart redraw costs the UI thread ~20 ms; docs/DESIGN.md §Charts).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical

from tui.app.event_sources import EventSource
from tui.app.screens.live import LiveScreen
from tui.app.step_text import step_lines
from tui.app.widgets.footer import TranslatedFooter
from tui.app.widgets.metric_chart import MetricChart
from tui.app.widgets.model_view import CURVE, ModelPanel
from tui.app.widgets.notices_log import NoticesLog
from tui.app.widgets.progress_panel import ProgressPanel
from tui.app.widgets.run_summary import RunSummary
from tui.app.widgets.size_notice import SizeGuardedScreen, SizeNotice
from tui.core.config import RunConfig
from tui.core.errors import UserError
from tui.core.events import (
    VIEW_EVENTS,
    Diverged,
    EpochEnded,
    Event,
    Finished,
    Improved,
    PatienceTicked,
    Paused,
    Progress,
    RunStarted,
    StepLosses,
    StepTraced,
)
from tui.core.i18n import N_, _, translated
from tui.core.model_views import CHARTS, REGIONS
from tui.core.vocabulary import CLASSIFICATION, TRAIN_LOSS
from tui.text.notices import notice_text, start_text
from tui.worker.pace_control import PaceControl
from tui.worker.parent import error_line
from tui.worker.protocol import TrainingCrashed

WHILE_TRAINING = ("toggle_pause", "stop", "single_step", "single_epoch", "pace", "detach")  # keys of a run in progress
PROGRESS_PERIOD = 0.5  # seconds between repaints of the panel and the changed charts (~5 ms, and ~20 ms a chart)
BACK_WARNING_SECONDS = 5.0  # how long "stop it first" shows; an escape meanwhile adds no copy


class TrainingScreen(SizeGuardedScreen, LiveScreen[Event, None]):
    AUTO_FOCUS = ""  # nothing focused: the footer leads with p, s, esc; the notices' scroll keys show once they are clicked or tabbed to
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "toggle_pause", N_("Pause")),  # and resume (the panel says so while paused)
        Binding("s", "stop", N_("Stop")),
        Binding("n", "single_step", N_("Step"), key_display="n/N"),  # N: one epoch
        Binding("N", "single_epoch", N_("Epoch"), show=False),
        Binding("minus", "pace(-1)", N_("Pace"), key_display="-/+"),
        Binding("plus,equals_sign", "pace(1)", N_("Faster"), show=False),
        Binding("v", "cycle_view", N_("View")),  # shown once the run has a picture of its model
        Binding("e", "toggle_steps", N_("Steps")),  # the loss of each step, or of each epoch
        Binding("o", "toggle_val_points", N_("Val points"), show=False),  # named in the model panel: the footer is full at 80 columns
        Binding("E", "evaluate", N_("Evaluate")),  # shown once the run has ended with its folder (check_action)
        Binding("d", "detach", N_("Detach")),
        # Not in the footer, which at 80 columns holds the keys above and ^q Quit: while training escape only
        # warns, and once the run is over the summary line says "escape: back to the setup".
        Binding("escape", "back", N_("Back"), show=False),
    ]

    def __init__(self, config: RunConfig, runs_root: Path | None, source: EventSource) -> None:
        super().__init__()
        self.config = config
        self.runs_root = runs_root
        self.source = source
        # The pause flag that also holds the pace and takes the single-step keys (tui.worker.pace_control).
        self.pause_flag = self.pace = PaceControl(config.view.steps_per_second)
        self.run_task = CLASSIFICATION
        self.last_epoch: EpochEnded | None = None
        self.finished: Finished | None = None
        self.divergence = ""  # the Diverged notice shown, not repeated in the end notice
        self.run_dir: str | None = None  # the run's folder, once it has started
        self.detached = False  # the run trains on without this screen
        self._progress_dirty = False
        self._back_refused_at = -BACK_WARNING_SECONDS
        self.paused_at: Paused | None = None
        # Kept as attributes: events arrive several times a second and a DOM query each time is waste.
        self.panel = ProgressPanel(id="progress")
        self.loss_chart = MetricChart("loss", id="loss-chart")
        self.metric_chart = MetricChart("accuracy %", id="metric-chart")
        self.notices = NoticesLog(id="notices")
        self.summary = RunSummary(id="summary")
        self.model_panel = ModelPanel(id="model-panel")  # in place of the metric chart while open (docs/DESIGN.md §Model views)
        self.wanted_panel = config.view.panel  # opened when the run's first picture of that kind arrives
        self.panel.set_pace(self.pace.steps_per_second)

    def compose(self) -> ComposeResult:
        yield SizeNotice(id="size-notice")
        with Vertical(id="training-body"):
            with Horizontal(id="charts"):
                yield self.loss_chart
                yield self.metric_chart
                yield self.model_panel
            yield self.summary
            with Horizontal(id="lower"):
                yield self.panel
                yield self.notices
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.notices.add(_("Starting {name} (loading data and torch)…").format(name=self.config.name))
        self.set_interval(PROGRESS_PERIOD, self._repaint)
        self.start_work()  # at once: the run trains in its own process, so painting this screen slows it not at all

    # ------------------------------------------------------------------ the work

    def events(self) -> Iterator[Event]:
        try:
            yield from self.source(self.config, self.runs_root, self.stop_flag, self.pause_flag)
        except Exception as error:
            if not isinstance(error, (UserError, TrainingCrashed)):  # a bug here: keep its traceback on disk, show one line
                from tui.runs.crash_report import save_crash_report

                error.add_note(N_("traceback saved in {path}").format(path=save_crash_report(error, self.runs_root)))
            raise

    def work_ended(self, error: BaseException | None) -> None:
        self.refresh_bindings()  # the keys of a run in progress leave the footer
        if self.detached and self.finished is None:
            self.left_running()
            return
        if error is not None and self.finished is None:
            message = " ".join(translated(line) for line in [error_line(error), *getattr(error, "__notes__", [])])
            self.notices.add(f"✗ {message}")
            self.summary.show_error(message)
        self.panel.set_status("done")
        self._repaint(force=True)

    # ------------------------------------------------------------------ events from the engine

    def show_events(self, items: list[Event]) -> None:
        for event in items:
            self._handle(event)

    def _handle(self, event: Event) -> None:
        panel = self.panel
        if isinstance(event, Progress):
            panel.progress(event)
            self._progress_dirty = True
            return
        if isinstance(event, VIEW_EVENTS):
            self._picture(event)
            return
        if isinstance(event, StepLosses):
            self.loss_chart.add_steps(event.steps, event.losses)
            return
        if isinstance(event, RunStarted):
            self._started(event)
        elif isinstance(event, EpochEnded):
            self._epoch_ended(event)
        elif isinstance(event, Improved):
            self._improved(event)
        elif isinstance(event, PatienceTicked):
            panel.state.wait = event.wait
        elif isinstance(event, Paused):
            panel.set_status("paused" if event.paused else "training")
            self.paused_at = event if event.paused else None  # its weights: ctrl+e derives the next step
        elif isinstance(event, Finished):
            self.finished = event
            self.summary.show_finished(event)
            self.refresh_bindings()  # the evaluate key appears
            self.work_over()  # the run folder is complete: Done, the charts drawn, escape goes back
        self._progress_dirty = True
        if isinstance(event, StepTraced):
            for line in step_lines(event):
                self.notices.add(line)
            return
        text = notice_text(event, self.divergence)
        if isinstance(event, Diverged):
            self.divergence = event.message
        if text:
            self.notices.add(text)

    def _started(self, event: RunStarted) -> None:
        self.run_dir = event.run_dir
        self.run_task = event.task
        self.panel.start(event)
        self.loss_chart.reset(f"loss ({self.config.training.loss})")
        self.metric_chart.reset("accuracy %" if event.task == CLASSIFICATION else "MAE")
        self.notices.add(start_text(event))
        for note in event.notes:
            self.notices.add(translated(note))

    def _epoch_ended(self, event: EpochEnded) -> None:
        self.last_epoch = event
        if event.epoch > 0:  # epoch 0 is the model before training: a chart point, not progress
            self.panel.epoch_ended(event)
        self.loss_chart.add(event.epoch, event.train_loss, event.val_loss)
        train, val = _metric_pair(event, self.run_task)
        self.metric_chart.add(event.epoch, train, val)

    def _picture(self, event: Event) -> None:
        model = self.model_panel
        had = list(model.modes)
        model.take(event)
        for mode in model.modes[len(had):]:
            if mode == self.wanted_panel or (mode == CURVE and self.wanted_panel == REGIONS):
                self.wanted_panel = CHARTS  # once: after that the v key decides
                self._open_model(mode)
        if not had and model.modes:
            self.refresh_bindings()  # v and o appear in the footer

    def _open_model(self, mode: str | None) -> None:
        """Show the model panel in `mode` in place of the metric chart, or close it (None)."""
        if mode is not None:
            self.model_panel.show(mode)
        self.query_one("#charts").set_class(mode is not None, "-model")
        if mode is not None:
            self.call_after_refresh(self.model_panel.redraw)

    def _improved(self, event: Improved) -> None:
        state = self.panel.state
        state.best, state.best_epoch = event.current, event.epoch
        ended = self.last_epoch
        if ended is None or ended.epoch != event.epoch:
            return
        # The star sits on the curve the monitor belongs to (validation unless it watches train_loss).
        loss = ended.train_loss if event.monitor == TRAIN_LOSS or ended.val_loss is None else ended.val_loss
        self.loss_chart.mark_best(event.epoch, loss)
        train, val = _metric_pair(ended, self.run_task)
        self.metric_chart.mark_best(event.epoch, val if val is not None else train)

    # ------------------------------------------------------------------ repaint timers

    def _repaint(self, force: bool = False) -> None:
        """The panel and the charts that changed, in one frame: what the panel says, the charts show."""
        if self._progress_dirty or force or self.panel.state.status == "starting":  # the wait's seconds count up
            self._progress_dirty = False
            self.panel.refresh()
        for chart in (self.loss_chart, self.metric_chart):
            if chart.dirty or force:
                chart.redraw()
        if self.model_panel.dirty and self.model_panel.display:
            self.model_panel.redraw()

    # ------------------------------------------------------------------ keys

    def explain_paused_run(self) -> bool:
        """ctrl+e while this run trains: the Backprop screen for the step it takes next (False: not training)."""
        if not self.running:
            return False
        from tui.app.screens.explain import open_for_paused_run

        open_for_paused_run(self, self.config, self.paused_at)
        return True

    def action_toggle_pause(self) -> None:
        if not self.running:
            return
        panel = self.panel
        if self.pause_flag.is_set():
            self.pause_flag.clear()
            panel.set_status("training")
        else:
            self.pause_flag.set()
            panel.set_status("paused")
        panel.refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cycle_view", "toggle_val_points") and not self.model_panel.modes:
            return False  # hidden for a run with no picture of its model
        if action in WHILE_TRAINING and not self.running:
            return False  # the run is over: its keys leave the footer to the ones that still do something
        allowed = super().check_action(action, parameters)
        if action == "evaluate":
            return bool(allowed) and self.finished is not None and self.finished.run_dir is not None
        return allowed

    def action_cycle_view(self) -> None:
        """Charts, then each view the run has (regions or the curve, neurons), then the charts again."""
        is_open = self.query_one("#charts").has_class("-model")
        self._open_model(self.model_panel.next_mode() if is_open else self.model_panel.mode)

    def action_toggle_val_points(self) -> None:
        self.model_panel.toggle_val()
        self.model_panel.redraw()
    def action_single_step(self) -> None:
        """Paused: one optimizer step. Training: pause first (each further n is one step)."""
        self._step_or_pause(self.pace.step_once)

    def action_single_epoch(self) -> None:
        """Paused: on to the end of the epoch under way, then paused again. Training: pause first."""
        self._step_or_pause(self.pace.epoch_once)

    def _step_or_pause(self, ask: Callable[[], None]) -> None:
        if not self.running:
            return
        if self.pause_flag.is_set():
            ask()
        else:
            self.action_toggle_pause()

    def action_pace(self, direction: int) -> None:
        """One rung slower (-1) or faster (+1) on the ladder of paces; the run takes it from its next step."""
        pace = self.pace
        pace.slower() if direction < 0 else pace.faster()
        self.panel.set_pace(pace.steps_per_second)
        self.panel.refresh()

    def action_toggle_steps(self) -> None:
        """The loss chart per step (each step's training loss: SGD's noise, a divergence inside an epoch) or per epoch."""
        self.loss_chart.show_steps(not self.loss_chart.per_step)
        self.loss_chart.redraw()

    def stopping(self) -> None:
        self.panel.set_status("stopping")

    def action_stop(self) -> None:
        self.request_stop()

    def action_detach(self) -> None:
        """Leave the run training in the background (docs/DESIGN.md §Detach and attach) and go back to the form."""
        from tui.worker.parent import processes_of

        if not self.running or self.detached:
            return
        if self.run_dir is None:
            self.notify(_("Only a run that saves its folder can train on detached (and it has not started yet)."),
                        severity="warning", timeout=6)
            return
        if processes_of(self.app).detach(self.stop_flag):
            self.detached = True
            self.panel.set_status("detached")

    def left_running(self) -> None:
        """This view has let go of a run that trains on: say where it is and go back."""
        self.app.notify(_("{name} trains on in the background ({folder}): `nn-tui attach` shows it again, `nn-tui stop` stops it.")
                        .format(name=self.config.name, folder=self.run_dir), title=_("Detached"), timeout=12)
        self.dismiss()

    def action_evaluate(self) -> None:
        """The finished run's confusion matrix and scores on its validation split."""
        if self.finished is not None and self.finished.run_dir is not None:
            from tui.app.screens.evaluation import EvaluationScreen

            self.app.push_screen(EvaluationScreen(Path(self.finished.run_dir)))

    def action_back(self) -> None:
        if self.running:
            now = time.monotonic()
            if now - self._back_refused_at > BACK_WARNING_SECONDS:  # a repeated escape does not stack the same warning
                self._back_refused_at = now
                self.notify(_("Training is running: press s to stop it first (the best model is kept)."), severity="warning",
                            timeout=BACK_WARNING_SECONDS)
            return
        self.dismiss()


def _percent(value: float | None) -> float | None:
    return None if value is None else value * 100


def _metric_pair(event: EpochEnded, task: str) -> tuple[float | None, float | None]:
    if task == CLASSIFICATION:
        return _percent(event.train_accuracy), _percent(event.val_accuracy)
    return event.train_mae, event.val_mae
