"""The Backprop screen's walk: the keys move through the stages (wrapping into the next step), the drawn
network highlights what the formula panel shows, and the numbers are the lecture's."""

from __future__ import annotations

from textual.widgets import Log

from tests.app.backprop_helpers import backprop_screen, formula, preset, status
from tests.app.helpers import run, wait_until
from tui.app.app import NNTuiApp
from tui.app.network_drawing import FOCUS_STYLE, draw_network, short
from tui.app.screens.explain import NetworkView
from tui.app.screens.setup import SetupScreen
from tui.text.backprop_stages import BACKWARD, BIAS, EDGE, FORWARD, LOSS, MEAN, UNIT, UPDATE


def app_without_view(config) -> NNTuiApp:
    """The app on the setup screen: the worked example's [view] would open a Backprop screen of its own."""
    from tui.core.view_config import ViewConfig

    return NNTuiApp(config.model_copy(update={"view": ViewConfig()}), runs_root=None)


async def open_screen(pilot, config):
    screen = backprop_screen(config)
    pilot.app.push_screen(screen)
    await wait_until(pilot, lambda: bool(screen.stages))
    return screen


def focused_text(screen) -> list[str]:
    """The text drawn in the highlight style, run by run."""
    view = screen.query_one(NetworkView)
    drawn = draw_network(view.walk, view.size.width, view.size.height)
    return [drawn.plain[span.start : span.end].strip() for span in drawn.spans if span.style == FOCUS_STYLE]


def test_the_walk_shows_the_lectures_numbers_in_order():
    config = preset("worked-example")

    async def scenario():
        app = app_without_view(config)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_screen(pilot, config)
            seen = []
            assert sum(s.step == 0 for s in screen.stages) == 25  # 3 units, the loss, 3 error terms, 9 gradients, 9 updates
            for _ in range(25):
                seen.append(formula(app))
                await pilot.press("right")
            text = "\n".join(seen)
            for expected in (
                "z1[1] = 2 × 0.11 + 3 × 0.21 + 1 = 1.85",
                "z2[1] = 1.85 × 0.14 + 1.48 × 0.15 + 1 = 1.481",
                "E = ½(1.481 − 1)² = 0.1156805",
                "δ2[1] = dE/dŷ = 1.481 − 1 = 0.481",
                "dE/dW2[1,1] = 0.481 × 1.85 = 0.88985",
                "dE/dW2[2,1] = 0.481 × 1.48 = 0.71188",
                "δ1[1] = (0.481 × 0.14) × 1 = 0.06734",
                "dE/dW1[1,1] = 0.06734 × 2 = 0.13468",
                "dE/dW1[2,2] = 0.07215 × 3 = 0.21645",
                "dE/db1[2] = δ1[2] = 0.07215",
                "W2[1,1] = 0.14 − 0.05 × 0.88985 = 0.0955075",
            ):
                assert expected in text, expected
            assert text.index("1.481 − 1)²") < text.index("0.88985") < text.index("0.06734") < text.index("0.0955075")
            # past step 1's last stage: step 2, from the updated weights
            assert "step 2" in status(app)
            assert "z1[1] = 2 × 0.103266 + 3 × 0.199899 + 0.996633" in formula(app)
            assert screen.stages[screen.index].step == 1

    run(scenario())


def test_left_from_the_first_stage_wraps_to_the_last_and_right_back():
    config = preset("worked-example")

    async def scenario():
        app = app_without_view(config)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_screen(pilot, config)
            await pilot.press("left")
            assert screen.index == len(screen.stages) - 1
            assert "step 10" in status(app)
            await pilot.press("right")
            assert screen.index == 0
            assert "step 1 " in status(app)

    run(scenario())


def test_part_keys_jump_to_the_next_layer_the_loss_and_back():
    config = preset("worked-example")

    async def scenario():
        app = app_without_view(config)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_screen(pilot, config)
            await pilot.press("]")
            assert screen.stages[screen.index].part.endswith("forward, layer 2 (output)")
            await pilot.press("]")
            assert screen.stages[screen.index].phase == "loss"
            await pilot.press("right", "[")  # within a part: to its start
            await pilot.press("[")
            assert screen.stages[screen.index].part.endswith("forward, layer 2 (output)")

    run(scenario())


def test_the_highlighted_element_is_the_one_the_panel_computes():
    config = preset("worked-example")

    async def scenario():
        app = app_without_view(config)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_screen(pilot, config)
            step = screen.explanation.steps[0]
            (example,) = step.examples
            for index, stage in enumerate(screen.stages[:25]):
                assert screen.index == index
                target, lines = stage.target, formula(app)
                focused = focused_text(screen)
                if target.kind == UNIT and stage.phase == FORWARD:
                    assert f"z{target.layer}[{target.row + 1}] =" in lines
                    assert focused == [short(example.layers[target.layer - 1].a[target.row])]
                elif target.kind == UNIT and stage.phase == BACKWARD:
                    assert f"δ{target.layer}[{target.row + 1}] =" in lines
                    assert focused == [f"δ {short(example.layers[target.layer - 1].delta[target.row])}"]
                elif target.kind == EDGE:
                    name = f"W{target.layer}[{target.row + 1},{target.column + 1}]"
                    assert (f"dE/d{name} =" if stage.phase == BACKWARD else f"{name} =") in lines
                    weight = step.layers[target.layer - 1].weight[target.row][target.column]
                    new = next(u.new for u in step.updates if (u.layer, u.row, u.column) == (target.layer, target.row, target.column))
                    assert focused == [short(new if stage.phase == UPDATE else weight)]
                elif target.kind == BIAS:
                    assert f"b{target.layer}[{target.column + 1}] =" in lines or f"db{target.layer}[{target.column + 1}] =" in lines
                    assert len(focused) == 1 and focused[0].startswith("b ")
                else:
                    assert target.kind == LOSS and "E = ½(1.481 − 1)² = 0.1156805" in lines
                    assert focused == ["E 0.1157"]
                await pilot.press("right")

    run(scenario())


def test_a_batch_walks_each_example_then_the_mean():
    config = preset("gradient-averaging")

    async def scenario():
        app = app_without_view(config)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_screen(pilot, config)
            step_one = [s for s in screen.stages if s.step == 0]
            examples = [s.example for s in step_one]
            assert examples.index(1) > max(i for i, e in enumerate(examples) if e == 0)
            means = [s for s in step_one if s.phase == MEAN]
            assert means and step_one.index(means[0]) > examples.index(1)
            text = "\n".join(line for s in means for line in s.lines)
            # the lecture's two examples, in the run's batch order, and their mean
            assert "dE/dW1[1,1] = (1.2 + 1.5) / 2 = 1.35" in text
            assert "dE/dW1[2,1] = (2.3 + (-2)) / 2 = 0.15" in text
            assert "dE/dW1[3,1] = ((-1.1) + 1.1) / 2 = 0" in text
            screen.go_to(screen.stages.index(means[1]))
            await pilot.pause()
            assert screen.stages[screen.index].part.startswith("Step 1 · the batch")
            assert "1.35" in formula(app)

    run(scenario())


def test_t_shows_the_whole_derivation_as_text_and_back():
    config = preset("worked-example")

    async def scenario():
        app = app_without_view(config)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_screen(pilot, config)
            log = screen.query_one(Log)
            assert not log.display
            await pilot.press("t")
            assert log.display and not screen.query_one(NetworkView).display
            lines = [line.strip() for line in log.lines]
            assert "dE/dW2[1,1] = 0.481 × 1.85 = 0.88985   (δ2[1] × h1[1])" in lines
            await pilot.press("t")
            assert not log.display and screen.query_one(NetworkView).display
            await pilot.press("right")
            assert screen.index == 1  # the walk has the arrow keys again
            await pilot.press("escape")
            assert isinstance(app.screen, SetupScreen)

    run(scenario())


def test_a_preset_with_view_open_backprop_opens_the_screen_and_others_do_not(monkeypatch):
    from tests.app.backprop_helpers import in_process
    from tui.app.screens import explain

    monkeypatch.setattr(explain, "explain_in_child", in_process)

    async def scenario(config, opens):
        app = NNTuiApp(config, runs_root=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, explain.ExplainScreen) is opens
            if opens:
                await wait_until(pilot, lambda: bool(app.screen.stages))
                assert "z1[1] = 2 × 0.11 + 3 × 0.21 + 1 = 1.85" in formula(app)

    run(scenario(preset("worked-example"), True))
    run(scenario(preset("gradient-averaging"), False))


def test_view_open_is_validated_in_one_line():
    import pytest

    from tui.core.errors import ConfigError

    with pytest.raises(ConfigError, match=r"view.open: unknown screen 'training'; allowed: backprop"):
        preset("worked-example", "view.open='training'")


def test_ctrl_e_while_a_run_is_paused_derives_its_next_step_from_its_weights(monkeypatch):
    from tests.app.backprop_helpers import in_process
    from tests.app.scripted_events import ScriptedEvents
    from tui.app.screens import explain
    from tui.app.screens.training import TrainingScreen
    from tui.core.events import Finished, Paused
    from tui.core.view_config import ViewConfig

    monkeypatch.setattr(explain, "explain_in_child", in_process)
    config = preset("worked-example").model_copy(update={"view": ViewConfig()})
    weights = [{"weight": [[0.1, 0.2], [0.3, 0.4]], "bias": [1.0, 1.0]}, {"weight": [[0.5], [0.6]], "bias": [0.5]}]
    events = [Paused(True, 3, 3, weights), Finished(reason="stopped", epochs=3, best_epoch=None, best=None, run_dir=None)]

    async def scenario():
        app = NNTuiApp(config, runs_root=None, event_source=ScriptedEvents(events, hold=True))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f5")
            training = app.screen
            assert isinstance(training, TrainingScreen)
            await wait_until(pilot, lambda: training.paused_at is not None)
            await pilot.press("ctrl+e")
            screen = app.screen
            assert isinstance(screen, explain.ExplainScreen) and screen.first_step == 4
            await wait_until(pilot, lambda: bool(screen.stages))
            assert "z1[1] = 2 × 0.1 + 3 × 0.3 + 1 = 2.1" in formula(app)
            assert "step 4 (4–10) · 1 of " in status(app) and "the paused run's weights" in status(app)
            await pilot.press("escape")
            assert app.screen is training
            await pilot.press("s")
            await wait_until(pilot, lambda: not training.running)

    run(scenario())


def test_ctrl_e_while_a_run_trains_unpaused_asks_for_a_pause(monkeypatch):
    from tests.app.helpers import record_notifications
    from tests.app.scripted_events import ScriptedEvents
    from tui.core.events import Finished
    from tui.core.view_config import ViewConfig

    config = preset("worked-example").model_copy(update={"view": ViewConfig()})

    async def scenario():
        end = Finished(reason="stopped", epochs=0, best_epoch=None, best=None, run_dir=None)
        app = NNTuiApp(config, runs_root=None, event_source=ScriptedEvents([end], hold=True))
        notes = record_notifications(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f5")
            training = app.screen
            await pilot.press("ctrl+e")
            assert app.screen is training
            assert any("Pause the run (p) first" in note for note in notes)
            await pilot.press("s")
            await wait_until(pilot, lambda: not training.running)

    run(scenario())


def test_a_window_with_fewer_rows_than_a_layer_has_units_says_so_instead_of_overdrawing():
    from tests.app.backprop_helpers import in_process
    from tui.app.network_drawing import walk_at
    from tui.text.backprop_stages import explanation_stages

    explanation = in_process(preset("worked-example"), 1)
    stages = explanation_stages(explanation)
    walk = walk_at(stages, 0, explanation.steps[0])
    assert draw_network(walk, 80, 2).plain.startswith("A 2-2-1 network has more units in a layer than this window has rows")
    assert "[1.85" in draw_network(walk, 80, 3).plain  # one row a unit, under the column names
