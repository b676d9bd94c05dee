"""The training screen: start, pause/resume, stop, back, quit, failures, signals, and one real run."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.app.helpers import record_notifications, row, run, type_into, wait_until
from tests.app.scripted import classification_run
from tests.app.scripted_events import ScriptedEvents
from tui.app.app import NNTuiApp
from tui.app.screens.setup import SetupScreen
from tui.app.screens.training import TrainingScreen
from tui.app.widgets.metric_chart import MetricChart
from tui.app.widgets.notices_log import NoticesLog
from tui.app.widgets.progress_panel import ProgressPanel
from tui.app.widgets.run_summary import RunSummary
from tui.core.errors import DataError


def held_run() -> ScriptedEvents:
    """A run that trains until it is stopped (the last event, Finished, waits for the stop flag)."""
    return ScriptedEvents(classification_run(), hold=True)


def notices(screen) -> list[str]:
    return screen.query_one(NoticesLog).texts


def test_pause_resume_stop_and_back_to_the_form_with_its_values(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=held_run())
        async with app.run_test(size=(100, 40)) as pilot:
            notes = record_notifications(app)
            await type_into(pilot, "training.epochs", "30")
            await pilot.press("f5")
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            await wait_until(pilot, lambda: screen.last_epoch is not None and screen.last_epoch.epoch == 23)

            await pilot.press("p")
            assert screen.pause_flag.is_set() and screen.query_one(ProgressPanel).state.status == "paused"
            await pilot.press("p")
            assert not screen.pause_flag.is_set() and screen.query_one(ProgressPanel).state.status == "training"

            await pilot.press("escape")  # refused while training
            assert app.screen is screen and any("press s to stop" in n for n in notes)

            await pilot.press("s")
            await wait_until(pilot, lambda: not screen.running)
            assert screen.stop_flag.is_set() and screen.finished is not None
            assert screen.query_one(RunSummary).has_class("-shown")

            await pilot.press("escape")
            assert isinstance(app.screen, SetupScreen)
            assert row(app, "training.epochs").value == "30"

    run(scenario())


@pytest.mark.parametrize("how", ["ctrl+q", signal.SIGTERM, signal.SIGHUP], ids=["ctrl+q", "SIGTERM", "SIGHUP"])
def test_quitting_or_a_stop_signal_during_training_stops_the_run_first(iris_config, how):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=held_run())
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f5")
            screen = app.screen
            await wait_until(pilot, lambda: screen.last_epoch is not None)
            if how == "ctrl+q":
                await pilot.press("ctrl+q")
            else:
                os.kill(os.getpid(), how)  # stops training like the stop key, then quits
            await wait_until(pilot, lambda: not app.is_running)
        assert screen.stop_flag.is_set() and screen.finished is not None and screen.finished.reason == "early_stop"

    run(scenario())


def failing_source(error: Exception):
    def source(config, runs_root, stop, pause):
        raise error
        yield  # a generator, like the real source

    return source


def test_an_error_in_the_worker_is_shown_not_a_crash(iris_config):
    async def scenario():
        for error, shown in ((DataError("data.path: no such file 'x.csv'"), "data.path: no such file 'x.csv'"),
                             (RuntimeError("boom"), "RuntimeError: boom")):
            app = NNTuiApp(iris_config, runs_root=None, event_source=failing_source(error))
            async with app.run_test(size=(100, 40)) as pilot:
                await pilot.press("f5")
                screen = app.screen
                await wait_until(pilot, lambda screen=screen: not screen.running)
                assert app.is_running
                assert screen.query_one(RunSummary).has_class("-failed")
                assert any(shown in line for line in notices(screen))
                if isinstance(error, RuntimeError):  # a bug: its traceback is kept on disk, the screen shows where
                    saved = [line.split("traceback saved in ")[1] for line in notices(screen) if "traceback saved in" in line]
                    assert saved and "boom" in Path(saved[0]).read_text(encoding="utf-8")
                await pilot.press("escape")
                assert isinstance(app.screen, SetupScreen)

    run(scenario())


def test_a_real_run_trains_to_an_early_stop_with_charts_and_notices(iris_config, tmp_path):
    config = iris_config.model_copy(update={
        "training": iris_config.training.model_copy(update={"epochs": 60}),
        "early_stopping": iris_config.early_stopping.model_copy(update={"patience": 3}),
    })

    async def scenario():
        app = NNTuiApp(config, runs_root=tmp_path / "runs")
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f5")
            screen = app.screen
            await wait_until(pilot, lambda: not screen.running, timeout=120)
            assert screen.finished is not None and screen.finished.reason == "early_stop"
            loss, metric = screen.query_one("#loss-chart", MetricChart), screen.query_one("#metric-chart", MetricChart)
            epochs = screen.finished.epochs + 1  # epoch 0 (the untrained model), then each training epoch
            assert len(loss.history) == epochs and len(metric.history) == epochs and loss.history.points[0][0] == 0
            assert len(loss.steps) == screen.finished.epochs  # batch gradient descent: one step per epoch, each drawn in the step view
            assert loss.best is not None and loss.best[0] == screen.finished.best_epoch
            lines = notices(screen)
            assert any("120 training / 30 validation examples, batch 120 → 1 step per epoch (batch gradient descent)" in line
                       for line in lines)
            assert any(line.startswith("Validation loss decreased (inf -->") for line in lines)
            assert any(line.startswith(f"Early stopping at epoch {screen.finished.epochs}") for line in lines)
            run_dirs = list((tmp_path / "runs").iterdir())
            assert len(run_dirs) == 1 and (run_dirs[0] / "best.safetensors").exists()

    run(scenario())


def test_a_config_with_a_sweep_section_starts_the_sweep_screen(iris_config):
    from tui.app.screens.sweep import SweepScreen
    from tui.app.widgets.plan_panel import PlanPanel

    config = iris_config.model_copy(update={
        "sweep": {"training.lr": [0.01, 0.1]},
        "training": iris_config.training.model_copy(update={"epochs": 5}),
    })

    async def scenario():
        app = NNTuiApp(config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            assert "one run for each training.lr in 0.01, 0.1" in app.screen.query_one(PlanPanel).plain
            await pilot.press("f5")
            screen = app.screen
            assert isinstance(screen, SweepScreen)
            await pilot.press("ctrl+q")  # quitting waits for the sweep to stop
            await wait_until(pilot, lambda: not app.is_running, timeout=120)
        assert not screen.running

    run(scenario())


def test_after_a_hang_up_nothing_is_written_to_the_terminal():
    from tui.app.terminal import silence

    class Writer:
        def write(self, text):
            raise AssertionError("wrote to a terminal that is gone")

        def stop(self):
            raise AssertionError("would wait behind a full queue")

    class Driver:
        _writer_thread = Writer()

        def write(self, data):
            self._writer_thread.write(data)

    driver = Driver()
    silence(driver)
    driver.write("x")
    driver.flush()
    driver._writer_thread.write("x")
    driver._writer_thread.stop()


def test_tuning_waits_for_a_running_run_and_screens_do_not_stack(iris_config):
    from tui.app.screens.runs import RunsScreen
    from tui.app.screens.tune import TuneScreen

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=held_run())
        async with app.run_test(size=(100, 40)) as pilot:
            notes = record_notifications(app)
            await pilot.press("f5")
            screen = app.screen
            await wait_until(pilot, lambda: screen.last_epoch is not None)
            await pilot.press("ctrl+t")  # a study beside a running run would share its CPU
            assert app.screen is screen and any("A run is training" in n for n in notes)
            await pilot.press("ctrl+r", "ctrl+r")
            assert isinstance(app.screen, RunsScreen) and sum(isinstance(s, RunsScreen) for s in app.screen_stack) == 1
            await pilot.press("escape", "s")
            await wait_until(pilot, lambda: not screen.running)
            await pilot.press("ctrl+t")
            assert isinstance(app.screen, TuneScreen)

    run(scenario())
