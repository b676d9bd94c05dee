"""Issue 14: the charts start at epoch 0, scale honestly, show single steps on a key, and are drawn before Done."""

from __future__ import annotations

import math

from tests.app.helpers import run, wait_until
from tests.app.scripted import classification_run, diverging_run
from tests.app.scripted_events import ScriptedEvents
from tui.app.app import NNTuiApp
from tui.app.screens.training import TrainingScreen
from tui.app.widgets.run_summary import RunSummary


def drawn(chart) -> tuple[list[list[float]], list[list[float]]]:
    """The x and y lists the chart last handed to plotext, one pair per series."""
    return chart.plt.monitor.x, chart.plt.monitor.y


def test_the_charts_start_at_epoch_0_and_v_shows_single_steps(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(classification_run()))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5")
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            await wait_until(pilot, lambda: not screen.running)
            xs, ys = drawn(screen.loss_chart)
            assert xs[0][0] == 0 and ys[0][0] == 1.16 and xs[0][-1] == 23  # train, from the untrained model to the last epoch
            assert drawn(screen.metric_chart)[0][0][0] == 0
            assert screen.query_one(RunSummary).has_class("-shown")

            await pilot.press("e")
            xs, ys = drawn(screen.loss_chart)
            assert len(xs) == 1 and xs[0][0] == 1 and xs[0][-1] == 23 * 4  # one series: every step of the run
            assert "per step" in screen.loss_chart.shown_title
            await pilot.press("e")
            assert drawn(screen.loss_chart)[0][0][0] == 0 and "per epoch" in screen.loss_chart.shown_title

    run(scenario())


def test_a_run_that_diverges_inside_epoch_1_draws_its_last_finite_steps(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(diverging_run()))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5")
            screen = app.screen
            await wait_until(pilot, lambda: not screen.running)
            xs, _ = drawn(screen.loss_chart)
            assert xs[0] == [0]  # epoch 1 is NaN: epoch 0 is the one finite point
            assert "no finite value" not in screen.loss_chart.shown_title
            await pilot.press("e")
            xs, ys = drawn(screen.loss_chart)
            assert xs[0] == list(range(1, 19)) and all(math.isfinite(y) for y in ys[0])  # up to the last finite step
            low, high = screen.loss_chart.plt.monitor.ylim[0]
            assert high >= max(ys[0])

    run(scenario())
