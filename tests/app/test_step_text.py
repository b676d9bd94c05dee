"""The worked example's step as the training screen's notices: the lecture's numbers, without float32 noise."""

from __future__ import annotations

from tests.app.helpers import run, wait_until
from tests.app.scripted_events import ScriptedEvents
from tui.app.app import NNTuiApp
from tui.app.step_text import step_lines
from tui.core.config import load_config
from tui.core.events import StepTraced
from tui.core.presets import resolve_preset

# The lecture's first step, as float32 gives it.
FIRST_STEP = StepTraced(
    step=1, epoch=1, inputs=[[2.0, 3.0]], target=[1.0],
    forward={"hidden1": [[1.850000023841858, 1.4800000190734863]], "output": [[1.4809999465942383]]},
    prediction=[1.4809999465942383], loss=0.11568049341440201,
    gradients={"output.bias": [0.48099994659423828]}, updated={"output.bias": [0.9759500026702881]}, lr=0.05,
)


def test_a_traced_step_reads_like_the_lecture():
    lines = step_lines(FIRST_STEP)
    assert lines[0] == "Step 1 (epoch 1): input [[2, 3]] target [1]"
    assert lines[1] == "forward: hidden1 [[1.85, 1.48]], output [[1.481]]"
    assert lines[2] == "prediction [1.481]  loss 0.1156805"
    assert "w = w - 0.05 × d loss/d w" in lines[3]
    assert lines[4] == "d loss/d output.bias [0.4809999] → [0.97595]"


def test_the_training_screen_shows_the_whole_step():
    from tui.core.view_config import ViewConfig

    config = load_config(resolve_preset("worked-example")).model_copy(update={"view": ViewConfig()})  # the training screen, not Backprop

    async def scenario():
        app = NNTuiApp(config, runs_root=None, event_source=ScriptedEvents([FIRST_STEP]))
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f5")
            screen = app.screen
            await wait_until(pilot, lambda: not screen.running)
            assert all(line in screen.notices.texts for line in step_lines(FIRST_STEP))

    run(scenario())
