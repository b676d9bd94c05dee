"""The training screen's model panel: decision regions, hidden units, the fitted curve; v and o; NO_COLOR.

Fed scripted runs (tests/app/scripted_views.py), so the pictures are the same every time. Update the pictures
after an intended change with `pytest tests/app/test_model_panel.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import pytest

from tests.app.helpers import run, wait_until
from tests.app.scripted import classification_run
from tests.app.scripted_events import ScriptedEvents
from tests.app.scripted_views import moons_run, sine_run
from tui.app.app import NNTuiApp
from tui.app.screens.training import TrainingScreen
from tui.app.widgets.model_picture import HALF_BLOCK, PLAIN_REGIONS, PLAIN_TRAIN, PLAIN_VAL, TRAIN_POINT
from tui.app.widgets.model_view import CURVE, ModelPanel
from tui.core.model_views import NEURONS, REGIONS

SIZES = [(80, 24), (120, 40)]


def app_for(config, events, panel: str = REGIONS) -> NNTuiApp:
    config = config.model_copy(update={"view": config.view.model_copy(update={"panel": panel})})
    return NNTuiApp(config, runs_root=None, event_source=ScriptedEvents(events))


async def train(pilot, *keys: str) -> None:
    await pilot.press("f5")
    await wait_until(pilot, lambda: not getattr(pilot.app.screen, "running", True))
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def picture_text(app: NNTuiApp) -> list[str]:
    panel = app.screen.query_one(ModelPanel)
    return [strip.text for strip in panel.picture.lines]


def footer_keys(app: NNTuiApp) -> set[str]:
    return {binding.key for (_node, binding, enabled, _tooltip) in app.active_bindings.values() if binding.show and enabled}


@pytest.fixture
def colour(monkeypatch):
    monkeypatch.delenv("NO_COLOR")  # the tests' default is NO_COLOR (tests/conftest.py)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_decision_regions(snap_compare, iris_config, size, colour):
    assert snap_compare(app_for(iris_config, moons_run()), terminal_size=size, run_before=train)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_decision_regions_without_colour(snap_compare, iris_config, size):
    assert snap_compare(app_for(iris_config, moons_run()), terminal_size=size, run_before=train)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_hidden_units(snap_compare, iris_config, size, colour):
    async def neurons(pilot):
        await train(pilot, "v")

    assert snap_compare(app_for(iris_config, moons_run()), terminal_size=size, run_before=neurons)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_fitted_curve(snap_compare, iris_config, size):
    assert snap_compare(app_for(iris_config, sine_run()), terminal_size=size, run_before=train)


def test_v_cycles_regions_neurons_and_the_charts_and_o_adds_the_validation_points(iris_config, colour):
    async def scenario():
        app = app_for(iris_config, moons_run())
        async with app.run_test(size=(120, 40)) as pilot:
            await train(pilot)
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            panel = screen.query_one(ModelPanel)
            charts = screen.query_one("#charts")
            assert charts.has_class("-model") and panel.mode == REGIONS and panel.display
            assert not screen.metric_chart.display
            text = "\n".join(picture_text(app))
            assert "decision regions, epoch 23" in text and TRAIN_POINT in text and HALF_BLOCK in text
            assert "x" not in "".join(line for line in picture_text(app)[1:-1])  # no validation point yet
            await pilot.press("o")
            assert "x" in "".join(picture_text(app)[1:-1]) and "val (o hides)" in picture_text(app)[0]
            await pilot.press("v")
            assert panel.mode == NEURONS and "hidden1: 6 units" in "\n".join(picture_text(app))
            await pilot.press("v")
            await pilot.pause()
            assert not charts.has_class("-model") and screen.metric_chart.display and not panel.display
            await pilot.press("v")
            assert charts.has_class("-model") and panel.mode == NEURONS  # opens again where it was
            assert "v" in footer_keys(app)

    run(scenario())


def test_a_run_without_pictures_keeps_its_charts_and_shows_no_view_key(iris_config):
    async def scenario():
        app = app_for(iris_config, classification_run())
        async with app.run_test(size=(120, 40)) as pilot:
            await train(pilot, "v")
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            assert not screen.query_one("#charts").has_class("-model") and screen.metric_chart.display
            assert "v" not in footer_keys(app)

    run(scenario())


def test_the_preset_key_decides_whether_the_panel_opens(iris_config):
    async def scenario():
        app = app_for(iris_config, moons_run(), panel="charts")
        async with app.run_test(size=(80, 24)) as pilot:
            await train(pilot)
            assert not app.screen.query_one("#charts").has_class("-model")
            await pilot.press("v")
            assert app.screen.query_one("#charts").has_class("-model")
            assert app.screen.query_one(ModelPanel).mode == REGIONS

    run(scenario())


def test_one_feature_shows_the_fitted_curve(iris_config):
    async def scenario():
        app = app_for(iris_config, sine_run())
        async with app.run_test(size=(80, 24)) as pilot:
            await train(pilot)
            panel = app.screen.query_one(ModelPanel)
            assert panel.mode == CURVE and panel.curve.display and not panel.picture.display
            assert panel.curve.curve is not None and panel.curve.curve.epoch == 12

    run(scenario())


def test_without_colour_the_classes_are_marks_and_the_points_letters(iris_config):
    async def scenario():
        app = app_for(iris_config, moons_run())
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.no_color
            await train(pilot, "o")
            lines = picture_text(app)
            body = "".join(lines[1:-1])
            assert HALF_BLOCK not in body and TRAIN_POINT not in body
            assert {PLAIN_REGIONS[0], PLAIN_REGIONS[1], PLAIN_TRAIN[0], PLAIN_TRAIN[1], PLAIN_VAL[0]} <= set(body)
            assert f"{PLAIN_REGIONS[0]}{PLAIN_TRAIN[0]} 0" in lines[0]  # the key says which mark is which class
            await pilot.press("v")
            tiles = "".join(picture_text(app)[2:])
            assert HALF_BLOCK not in tiles and {"+", "-"} <= set(tiles)

    run(scenario())
