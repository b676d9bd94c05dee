"""Issue 13: behind the "terminal too small" notice the keys do nothing (F5 must not train a run nobody sees)."""

from __future__ import annotations

from tests.app.helpers import run
from tests.app.scripted import classification_run
from tests.app.scripted_events import ScriptedEvents
from tui.app.app import NNTuiApp
from tui.app.screens.setup import SetupScreen


def test_keys_do_nothing_while_the_terminal_is_too_small_and_work_again_once_it_is_larger(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(classification_run()))
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            assert app.screen.has_class("-too-small")
            await pilot.press("f5", "ctrl+r", "ctrl+t", "ctrl+o")
            await pilot.pause()
            assert isinstance(app.screen, SetupScreen) and len(app.screen_stack) == 2
            await pilot.resize_terminal(100, 40)
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            assert not isinstance(app.screen, SetupScreen)  # the run starts once it can be seen

    run(scenario())
