"""Issue 13: "Done" only when done. The training process takes a moment to exit after its last event; the
screen must show the end (charts drawn, escape goes back) as soon as Finished arrives, not after that."""

from __future__ import annotations

import threading

from tests.app.helpers import record_notifications, run, wait_until
from tests.app.scripted import classification_run
from tests.app.scripted_events import ScriptedEvents
from tui.app.app import NNTuiApp
from tui.app.screens.setup import SetupScreen
from tui.app.screens.training import TrainingScreen
from tui.app.widgets.progress_panel import ProgressPanel


class WindingDown:
    """The run's events, then a process that has not exited yet: the source returns only once `exited` is set."""

    def __init__(self) -> None:
        self.exited = threading.Event()

    def __call__(self, config, runs_root, stop, pause):
        yield from classification_run()
        self.exited.wait(10)


def test_done_shows_the_drawn_charts_and_escape_goes_back_while_the_process_winds_down(iris_config):
    source = WindingDown()

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=source)
        async with app.run_test(size=(100, 40)) as pilot:
            notes = record_notifications(app)
            await pilot.press("f5")
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            try:
                await wait_until(pilot, lambda: screen.finished is not None, timeout=20)
                await pilot.pause()
                assert not source.exited.is_set()  # the process is still winding down
                assert screen.query_one(ProgressPanel).state.status == "done"
                assert not screen.loss_chart.dirty and not screen.metric_chart.dirty  # drawn with the last epoch, not on a later tick
                await pilot.press("escape")
                assert isinstance(app.screen, SetupScreen)
                assert not any("press s to stop" in n for n in notes)
            finally:
                source.exited.set()

    run(scenario())


def test_a_repeated_escape_while_training_warns_once(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(classification_run(), hold=True))
        async with app.run_test(size=(100, 40)) as pilot:
            notes = record_notifications(app)
            await pilot.press("f5")
            screen = app.screen
            await wait_until(pilot, lambda: screen.last_epoch is not None)
            await pilot.press("escape", "escape", "escape")
            assert app.screen is screen
            assert sum("press s to stop" in n for n in notes) == 1
            await pilot.press("s")
            await wait_until(pilot, lambda: not screen.running)

    run(scenario())

