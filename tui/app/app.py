"""The nn-tui app: the setup screen first, a training screen per run.

torch is never imported here for a training screen's run: it trains in a process of its own
(tui.worker.parent), so the first frame comes up fast and repaints never stall training.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tui.app.event_sources import EventSource
from tui.app.screens.live import LiveScreen
from tui.app.screens.setup import SetupScreen
from tui.app.terminal import silence
from tui.core.config import RunConfig
from tui.core.i18n import N_, _, translated
from tui.runs.crash_report import save_crash_report
from tui.worker.parent import ProcessEvents, processes_of

STOP_SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None)
ON_HANGUP = ("detach", "stop")  # what a lost terminal does to the runs training (docs/DESIGN.md §Detach and attach)


class NNTuiApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "nn-tui"
    ENABLE_COMMAND_PALETTE = False  # its ^p would take the footer's last columns; nn-tui's keys are all in the footer
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), priority=True),
        Binding("ctrl+r", "runs", N_("Runs")),
        Binding("ctrl+t", "tune", N_("Tune")),
        Binding("ctrl+e", "explain", N_("Backprop")),  # after Quit: at 80 columns the footer keeps ^q
    ]

    def __init__(self, config: RunConfig, runs_root: Path | None = None, event_source: EventSource | None = None,
                 prestart: bool = False, attach: Path | None = None, on_hangup: str = "detach") -> None:
        """`runs_root`: where run folders go (None = keep nothing). `event_source`: tests replace the Trainer.
        `prestart`: start a training process ahead of time, so F5 trains at once (the `nn-tui` command does).
        `attach`: open on the live view of the run training in that folder. `on_hangup`: one of ON_HANGUP."""
        super().__init__()
        self.attach = attach
        self.on_hangup = on_hangup
        self.initial_config = config
        self.runs_root = runs_root
        self.event_source = event_source or ProcessEvents()
        self.prestart = prestart
        self.quit_when_stopped = False
        self._signals: list[int] = []
        self.crash_report: str | None = None  # where a bug's traceback was saved, when the app ended on one

    def _handle_exception(self, error: Exception) -> None:
        # Textual ends the app on a bug with return code 1; keep the traceback beside the runs, as the CLI does.
        if self.crash_report is None:
            self.crash_report = save_crash_report(error, self.runs_root)
        super()._handle_exception(error)

    def on_mount(self) -> None:
        self.push_screen(SetupScreen(self.initial_config))
        if self.attach is not None:
            from tui.app.screens.attached import AttachedScreen

            self.push_screen(AttachedScreen(self.initial_config, self.runs_root, self.attach))
        elif self.initial_config.view.opens_backprop:  # the preset's [view] open = "backprop"
            self.setup_screen.action_explain()
        self._install_signal_handlers()
        if self.prestart and isinstance(self.event_source, ProcessEvents):
            self.call_after_refresh(self.event_source.prestart)  # after the first frame: it is not held up

    def on_unmount(self) -> None:
        # Whatever ended the app (even a crash), no run may go on unwatched: stop them all (each keeps its best model).
        for screen in self.busy_screens():
            screen.request_stop()
        if isinstance(self.event_source, ProcessEvents):
            self.event_source.close()  # a standby training process ends with the app
        loop = asyncio.get_running_loop()
        for sig in self._signals:
            loop.remove_signal_handler(sig)

    def _install_signal_handlers(self) -> None:
        """SIGTERM stops training like the stop key, then quits; SIGHUP (an SSH connection dropped) too, or, by
        default, leaves the runs training detached and quits."""
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            try:
                loop.add_signal_handler(sig, self._on_stop_signal, sig)
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # not the main thread, or a platform without them
            self._signals.append(sig)

    def _on_stop_signal(self, sig: int) -> None:
        if sig == getattr(signal, "SIGHUP", None):
            silence(self._driver)  # the terminal is gone: writing to it would wedge the app
            if self.on_hangup == "detach" and self.runs_root is not None:
                self.detach_all()
                self.exit()
                return
        self.quit_cleanly()

    def detach_all(self) -> None:
        """Every busy screen's work trains on without the app (its run folders say how it goes)."""
        processes = processes_of(self)
        for screen in self.busy_screens():
            if processes.detach(screen.stop_flag):
                screen.running = False  # the app's end must not stop it
            else:
                screen.request_stop()  # an attached view stops watching

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Behind the "terminal too small" notice only quitting works: nothing may open unseen."""
        return action == "quit" or not self.screen.has_class("-too-small")

    @property
    def setup_screen(self) -> SetupScreen:
        return next(s for s in self.screen_stack if isinstance(s, SetupScreen))

    def start_training(self, config: RunConfig) -> None:
        """F5 on the form: a training screen, or the sweep screen when the config has a [sweep] section."""
        if config.sweep:
            from tui.app.screens.sweep import SweepScreen

            self.push_screen(SweepScreen(config, self.runs_root, processes_of(self).sweep))
            return
        from tui.app.screens.training import TrainingScreen  # plotext is imported on the first run only

        self.push_screen(TrainingScreen(config, self.runs_root, self.event_source))

    def load_config_into_form(self, config: RunConfig | None) -> None:
        """Callback of the runs and tune screens: a config to load into the form, or None."""
        if config is not None:
            self.setup_screen.load_config_into_form(config)
            self.notify(_("Loaded {name} into the form").format(name=config.name))

    def busy_screens(self) -> list[LiveScreen]:
        """The live screens (training, sweep, tune) whose work still runs."""
        return [screen for screen in self.screen_stack if isinstance(screen, LiveScreen) and screen.running]

    def refuse_while_training(self, what: str) -> bool:
        """True (and says so) while a run trains: a second at once would share the CPU or GPU (docs/DESIGN.md §Threads and processes).
        `what`: what is refused, as marked N_ by the caller ("tuning")."""
        if not self.busy_screens():
            return False
        refused = _("A run is training: stop it (s) or let it finish before {what}.").format(what=_(what))
        self.notify(refused, severity="warning", timeout=6)
        return True

    async def action_quit(self) -> None:
        self.quit_cleanly()

    def quit_cleanly(self) -> None:
        """Quit now, or once every busy screen has stopped (each run keeps its best model)."""
        busy = self.busy_screens()
        if not busy:
            self.exit()
            return
        if self.quit_when_stopped:
            return  # already stopping
        self.quit_when_stopped = True
        for screen in busy:
            screen.request_stop()
        self.notify(_("Stopping: the best model is kept, then nn-tui quits."), timeout=10)
        self.set_interval(0.1, self._exit_when_stopped)

    def _exit_when_stopped(self) -> None:
        if not self.busy_screens():
            self.exit()

    def _open(self, module: str, screen_name: str, *args: object) -> None:
        import importlib

        screen_class = getattr(importlib.import_module(module), screen_name)  # imported on first use only
        if isinstance(self.screen, screen_class):
            return  # already showing: another copy on top would only stack up
        self.push_screen(screen_class(*args), self.load_config_into_form)

    def action_runs(self) -> None:
        self._open("tui.app.screens.runs", "RunsScreen")

    def action_explain(self) -> None:
        """The form's first optimizer step derived (nn-tui explain), from any screen; a paused run's next step."""
        from tui.app.screens.explain import ExplainScreen  # imported on first use only

        if isinstance(self.screen, ExplainScreen):
            return
        explain_run = getattr(self.screen, "explain_paused_run", None)  # a training screen: its run's next step
        if explain_run is None or not explain_run():
            self.setup_screen.action_explain()

    def action_tune(self) -> None:
        from tui.app.screens.tune import TuneScreen  # imported on first use only

        if isinstance(self.screen, TuneScreen) or self.refuse_while_training(N_("tuning")):
            return
        form = self.setup_screen
        if form.config is None:  # as F5 does: tuning some other config than the one on screen would mislead
            problems = "; ".join(translated(problem) for problem in form.problems)
            self.notify(_("Cannot tune: {problems}").format(problems=problems), title=_("Fix the form first"), severity="error", timeout=8)
            return
        self._open("tui.app.screens.tune", "TuneScreen", form.config)
