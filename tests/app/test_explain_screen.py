"""The Backprop screen with its real `nn-tui explain --json` child: the worked example opens it, ctrl+e too, escape goes back."""

from __future__ import annotations

import pytest
from textual.widgets import Label, Log, Static

from tests.app.helpers import run, wait_until
from tui.app.app import NNTuiApp
from tui.app.screens.explain import ExplainScreen
from tui.app.screens.setup import SetupScreen
from tui.core.config import load_config
from tui.core.presets import resolve_preset


def formula(app) -> str:
    return str(app.screen.query_one("#formula", Static).render())


def status(app) -> str:
    return str(app.screen.query_one("#explain-status", Label).render())


@pytest.mark.timeout(300)  # a child that imports torch, on a busy machine
def test_the_worked_example_opens_with_its_derivation_and_escape_goes_back():
    async def scenario():
        app = NNTuiApp(load_config(resolve_preset("worked-example")), runs_root=None)
        async with app.run_test(size=(80, 24)) as pilot:
            assert isinstance(app.screen, ExplainScreen)  # the preset's [view] open = "backprop"
            await wait_until(pilot, lambda: "deriving" not in status(app), timeout=280)
            assert "z1[1] = 2 × 0.11 + 3 × 0.21 + 1 = 1.85" in formula(app)  # the walk's first stage, from --json's records
            lines = [line.strip() for line in app.screen.query_one(Log).lines]  # the text view
            assert "dE/dW2[1,1] = 0.481 × 1.85 = 0.88985   (δ2[1] × h1[1])" in lines
            assert "E = ½(1.481 − 1)² = 0.1156805" in "\n".join(lines)
            await pilot.press("escape")
            assert isinstance(app.screen, SetupScreen)

    run(scenario())


@pytest.mark.timeout(300)
def test_ctrl_e_on_a_network_too_large_explains_in_one_line(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+e")
            await wait_until(pilot, lambda: "deriving" not in status(app), timeout=280)
            assert status(app).startswith("Cannot explain: model.hidden: the network has 151 parameters")
            assert "at most 100" in status(app)

    run(scenario())
