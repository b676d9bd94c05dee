"""A chart's history stays bounded however long the run, and still spans the whole run."""

from __future__ import annotations

import itertools
import math

from tui.app.chart_history import ChartHistory, series
from tui.app.widgets.metric_chart import epoch_ticks


def test_a_100000_epoch_run_keeps_a_bounded_evenly_spread_history():
    history = ChartHistory(capacity=256)
    for epoch in range(1, 100_001):
        history.add(epoch, (1 / epoch, None))
    assert len(history) <= 256
    xs = [x for x, _ in history.points]
    assert xs[0] == 1 and xs[-1] > 90_000
    gaps = {b - a for a, b in itertools.pairwise(xs)}
    assert len(gaps) == 1  # evenly spread


def test_sampling_fits_the_width_and_ends_at_the_newest_point():
    history = ChartHistory(capacity=64)
    for epoch in range(1, 1001):
        history.add(epoch, (float(epoch), float(-epoch)))
    points = history.sampled(40)
    assert len(points) == 40
    assert points[0][0] == 1 and points[-1][0] == 1000


def test_short_histories_are_drawn_whole():
    history = ChartHistory()
    for epoch in range(1, 6):
        history.add(epoch, (1.0, 2.0))
    assert [x for x, _ in history.sampled(100)] == [1, 2, 3, 4, 5]


def test_missing_and_non_finite_values_are_left_out_of_a_series():
    points = [(1, (1.0, None)), (2, (math.inf, 0.5)), (3, (math.nan, 0.4)), (4, (0.2, 0.3))]
    assert series(points, 0) == ([1, 4], [1.0, 0.2])
    assert series(points, 1) == ([2, 3, 4], [0.5, 0.4, 0.3])


def test_epoch_ticks_are_whole_numbers_spanning_the_run():
    assert epoch_ticks(1, 3) == [1, 2, 3]
    ticks = epoch_ticks(1, 1000)
    assert ticks[0] == 1 and ticks[-1] == 1000 and all(isinstance(t, int) for t in ticks)


def test_a_chart_with_only_non_finite_values_says_why_it_is_empty():
    import asyncio

    from textual.app import App

    from tui.app.widgets.metric_chart import MetricChart

    class ChartApp(App):
        def compose(self):
            yield MetricChart("loss (mse)", id="chart")

    async def scenario():
        app = ChartApp()
        async with app.run_test(size=(80, 20)) as pilot:
            chart = app.query_one(MetricChart)
            chart.add(1, math.nan, math.inf)
            chart.redraw()
            await pilot.pause()
            assert "no finite value" in chart.shown_title
            chart.add(2, 0.5, 0.6)
            chart.redraw()
            assert "per epoch" in chart.shown_title

    asyncio.run(scenario())
