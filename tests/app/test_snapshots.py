"""Pictures of the two screens at 80×24 and 120×40 (pytest-textual-snapshot).

The training screen is fed a scripted run, so nothing in the picture depends on time or speed.
Update after an intended change with `pytest tests/app/test_snapshots.py --snapshot-update`,
then look at the SVGs under tests/app/__snapshots__/.
"""

from __future__ import annotations

import pytest

from tests.app.helpers import wait_until
from tests.app.scripted import classification_run, diverging_run
from tests.app.scripted_events import ScriptedEvents
from tui.app.app import NNTuiApp

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_setup_screen(snap_compare, iris_config, size):
    assert snap_compare(NNTuiApp(iris_config, runs_root=None), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_training_screen_after_an_early_stop(snap_compare, iris_config, size):
    app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(classification_run()))

    async def train(pilot):
        await pilot.press("f5")
        await wait_until(pilot, lambda: not getattr(pilot.app.screen, "running", True))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=train)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_setup_screen_with_the_column_picker(snap_compare, tmp_path, monkeypatch, size):
    from tests.app.test_column_picker import csv_config, penguins

    monkeypatch.chdir(tmp_path)  # the form shows the path as given: the same on every machine
    penguins(tmp_path)

    async def read_the_file(pilot):
        setup = pilot.app.screen
        await wait_until(pilot, lambda: setup.picker.shown and "3 classes" in setup.query_one("#plan-text").render().plain)
        setup.query_one("#column-features").focus()
        await pilot.pause()

    assert snap_compare(NNTuiApp(csv_config("penguins.csv"), runs_root=None), terminal_size=size, run_before=read_the_file)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_training_screen_step_view_of_a_run_that_diverged_in_epoch_1(snap_compare, iris_config, size):
    app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(diverging_run()))

    async def train_and_show_steps(pilot):
        await pilot.press("f5")
        await wait_until(pilot, lambda: not getattr(pilot.app.screen, "running", True))
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=train_and_show_steps)
