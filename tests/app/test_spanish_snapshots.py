"""The main screens in Spanish at 80×24 and 120×40: Spanish runs about a fifth longer than English, and nothing
may be cut off (docs/DESIGN.md §Languages). Update with `--snapshot-update`, then read the SVGs' text."""

from __future__ import annotations

import pytest

from tests.app.helpers import wait_until
from tests.app.scripted import classification_run
from tests.app.scripted_events import ScriptedEvents
from tui.app.app import NNTuiApp

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_setup_screen_in_spanish(snap_compare, spanish, iris_config, size):
    assert snap_compare(NNTuiApp(iris_config, runs_root=None), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_training_screen_after_an_early_stop_in_spanish(snap_compare, spanish, iris_config, size):
    app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(classification_run()))

    async def train(pilot):
        await pilot.press("f5")
        await wait_until(pilot, lambda: not getattr(pilot.app.screen, "running", True))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=train)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_setup_screen_with_the_column_picker_in_spanish(snap_compare, spanish, tmp_path, monkeypatch, size):
    from tests.app.test_column_picker import csv_config, penguins

    monkeypatch.chdir(tmp_path)
    penguins(tmp_path)

    async def read_the_file(pilot):
        setup = pilot.app.screen
        await wait_until(pilot, lambda: setup.picker.shown and "3 clases" in setup.query_one("#plan-text").render().plain)
        setup.query_one("#column-features").focus()
        await pilot.pause()

    assert snap_compare(NNTuiApp(csv_config("penguins.csv"), runs_root=None), terminal_size=size, run_before=read_the_file)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_backprop_screen_at_a_gradient_in_spanish(snap_compare, spanish, monkeypatch, size):
    from tests.app.backprop_helpers import in_process, preset
    from tui.app.screens import explain

    monkeypatch.setattr(explain, "explain_in_child", in_process)

    async def walk(pilot):
        await wait_until(pilot, lambda: bool(getattr(pilot.app.screen, "stages", None)))
        pilot.app.screen.go_to(12)  # dE/dW1[2,1], the chain rule through the hidden layer
        await pilot.pause()

    assert snap_compare(NNTuiApp(preset("worked-example"), runs_root=None), terminal_size=size, run_before=walk)
