"""The learning-rate finder's screen: ctrl+l runs the range test in a child, shows its chart, `a` puts the suggestion in the form."""

from __future__ import annotations

import math

import pytest
from textual.widgets import Input, Label, Static

from tests.app.helpers import row, run, wait_until
from tui.app.app import NNTuiApp
from tui.app.screens import lr_find
from tui.app.screens.lr_find import LrFindScreen
from tui.app.screens.setup import SetupScreen
from tui.core.events import LrFound


def status(app) -> str:
    return str(app.screen.query_one("#lr-find-status", Label).render())


def test_ctrl_l_finds_a_learning_rate_and_a_applies_it_to_the_form(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("ctrl+l")
            assert isinstance(app.screen, LrFindScreen)
            await wait_until(pilot, lambda: "training a short ramp" not in status(app))
            assert status(app).startswith("Suggested lr "), status(app)
            suggested = app.screen.found.suggested_lr
            assert "learning rate (log scale)" in str(app.screen.query_one("#lr-find-chart", Static).render())
            await pilot.press("a")
            assert isinstance(app.screen, SetupScreen)
            assert row(app, "training.lr").query_one(Input).value == f"{suggested:.3g}"
            assert app.screen.config is not None and app.screen.config.training.lr == float(f"{suggested:.3g}")

    run(scenario())


def fixed_result(config) -> LrFound:
    lrs = [1e-5 * 10 ** (i / 10) for i in range(50)]
    losses = [1.1 - 0.9 / (1 + math.exp(-(i - 30) / 3)) + (0.0 if i < 45 else (i - 44) ** 2 * 0.03) for i in range(50)]
    return LrFound(lrs=lrs, losses=losses, suggested_lr=lrs[30], steps=50, exploded=True)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_lr_find_screen(snap_compare, iris_config, size, monkeypatch):
    monkeypatch.setattr(lr_find, "lr_find_in_child", fixed_result)

    async def open_finder(pilot):
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: "training a short ramp" not in status(pilot.app))
        await pilot.pause()

    assert snap_compare(NNTuiApp(iris_config, runs_root=None), terminal_size=size, run_before=open_finder)
