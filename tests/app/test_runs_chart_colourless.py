"""Overlaid runs read without colour: under NO_COLOR each run draws with its own letter."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import App

from tui.app.widgets.runs_chart import TRAIN_MARKER, VAL_MARKER, RunCurves, RunsChart, run_markers


def test_with_colour_runs_share_the_dots_and_without_it_each_has_a_letter():
    assert run_markers(0, plain=False) == run_markers(3, plain=False) == (VAL_MARKER, TRAIN_MARKER)
    letters = [run_markers(i, plain=True) for i in range(4)]
    assert letters == [("A", "a"), ("B", "b"), ("C", "c"), ("D", "d")]


def test_a_colourless_chart_draws_each_run_with_its_letter():
    class ChartApp(App):
        def compose(self):
            yield RunsChart(id="chart")

    async def scenario():
        app = ChartApp()
        async with app.run_test(size=(80, 20)) as pilot:
            app.no_color = True
            curves = [RunCurves(name, [1, 2, 3], [1.0, 0.8, 0.6], [1.1, 0.9, 0.7]) for name in ("sgd", "adam")]
            app.query_one(RunsChart).show(curves)
            await pilot.pause()
            chart = app.query_one(RunsChart)
            drawn = Text.from_ansi(chart.plt.build()).plain  # what plotext draws, without the colour codes
            assert "a letter per run" in drawn
            assert "AA sgd" in drawn and "BB adam" in drawn

    asyncio.run(scenario())
