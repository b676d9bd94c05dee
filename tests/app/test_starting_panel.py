"""Issue 13: before the run has started (torch loading, data loading) the progress panel says so and counts the
wait, instead of 0/0 bars that look frozen."""

from __future__ import annotations

import threading

from tests.app.helpers import run, wait_until
from tests.app.scripted import classification_run
from tui.app.app import NNTuiApp
from tui.app.screens.training import TrainingScreen


class SlowStart:
    """A training process that takes its time to start: nothing comes until `ready` is set."""

    def __init__(self) -> None:
        self.ready = threading.Event()

    def __call__(self, config, runs_root, stop, pause):
        self.ready.wait(10)
        yield from classification_run()


def test_the_panel_says_what_it_waits_for_and_counts_the_seconds(iris_config):
    source = SlowStart()

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=source)
        async with app.run_test(size=(100, 40)) as pilot:
            try:
                await pilot.press("f5")
                screen = app.screen
                assert isinstance(screen, TrainingScreen)
                await pilot.pause(0.1)
                first = str(screen.panel.render())
                assert "Starting the training process" in first and "loading data" in first and "0/0" not in first
                await pilot.pause(0.6)
                assert str(screen.panel.render()) != first  # the wait counts up: not frozen
            finally:
                source.ready.set()
            await wait_until(pilot, lambda: not screen.running, timeout=20)
            assert "Epoch" in str(screen.panel.render())

    run(scenario())
