"""The pace keys on the training screen, with a real training process: `n` is one optimizer step, `N` one epoch,
`-`/`+` the pace, which the progress panel shows."""

from __future__ import annotations

import pytest

from tests.app.helpers import run, wait_until
from tests.worker.test_training_process import _no_child_left_behind  # noqa: F401  (the fixture kills strays)
from tui.app.app import NNTuiApp
from tui.app.screens.training import TrainingScreen
from tui.core.events import EpochEnded, Paused, Progress


def panel_text(screen: TrainingScreen) -> str:
    return str(screen.panel.render())


def recorded(screen: TrainingScreen) -> list:
    """Every event the screen is shown from now on, in order."""
    seen: list = []
    show = screen.show_events

    def showing(items):
        seen.extend(items)
        show(items)

    screen.show_events = showing  # type: ignore[method-assign]
    return seen


@pytest.mark.timeout(300)
def test_n_steps_once_per_key_and_shift_n_runs_one_epoch(iris_config):
    config = iris_config.model_copy(update={
        "training": iris_config.training.model_copy(update={"epochs": 100_000, "batch_size": 16}),  # 8 steps an epoch
        "early_stopping": iris_config.early_stopping.model_copy(update={"patience": 0}),
    })

    async def scenario():
        app = NNTuiApp(config, runs_root=None)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5")
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            seen = recorded(screen)
            await wait_until(pilot, lambda: any(isinstance(e, EpochEnded) for e in seen))
            await pilot.press("n")  # training: n pauses first
            await wait_until(pilot, lambda: any(isinstance(e, Paused) and e.paused for e in seen))
            await wait_until(pilot, lambda: isinstance(seen[-1], Progress))  # where it stopped
            state = screen.panel.state
            for _ in range(3):
                before, count = state.global_step, len(seen)
                await pilot.press("n")
                await wait_until(pilot, lambda count=count: any(isinstance(e, Progress) for e in seen[count:]))
                await pilot.pause(0.3)  # a second step would have come by now: none does
                assert state.global_step == before + 1, "one key, one optimizer step"
                assert [e.single_step for e in seen[count:] if isinstance(e, Progress)] == [True]
                screen._repaint(force=True)
                assert f"global step {before + 1:,}/" in panel_text(screen)
            assert state.status == "paused"

            count = len(seen)
            await pilot.press("N")
            await wait_until(pilot, lambda: any(isinstance(e, EpochEnded) for e in seen[count:]))
            ended = next(e for e in seen[count:] if isinstance(e, EpochEnded))
            await pilot.press("n")
            await wait_until(pilot, lambda: state.global_step == ended.global_step + 1)
            assert state.step == 1, "paused again at the start of the next epoch"
            assert not [e for e in seen[count:] if isinstance(e, EpochEnded) and e.epoch > ended.epoch]
            await pilot.press("s")
            await wait_until(pilot, lambda: not screen.running)

    run(scenario())


def test_the_pace_keys_walk_the_ladder_and_the_panel_shows_the_pace(iris_config):
    from tests.app.scripted import classification_run
    from tests.app.scripted_events import ScriptedEvents

    config = iris_config.model_copy(update={"view": iris_config.view.model_copy(update={"pace": 30})})

    async def scenario():
        app = NNTuiApp(config, runs_root=None, event_source=ScriptedEvents(classification_run(), hold=True))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5")
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            await wait_until(pilot, lambda: screen.last_epoch is not None)
            assert "pace 30/s" in panel_text(screen)
            await pilot.press("minus")
            assert screen.pace.steps_per_second == 10 and "pace 10/s" in panel_text(screen)
            await pilot.press("plus", "plus", "plus")
            assert screen.pace.steps_per_second == 300
            await pilot.press("equals_sign")
            assert screen.pace.steps_per_second is None and "pace full" in panel_text(screen)
            await pilot.press("s")
            await wait_until(pilot, lambda: not screen.running)

    run(scenario())
