"""Issue 13: a network too large to train is refused by the form (the plan's parameter count), not only after F5."""

from __future__ import annotations

from tests.app.helpers import record_notifications, run, type_into
from tests.app.scripted import classification_run
from tests.app.scripted_events import ScriptedEvents
from tui.app.app import NNTuiApp
from tui.app.plan_text import MAX_PARAMETERS
from tui.app.screens.setup import SetupScreen


def test_a_network_of_a_trillion_parameters_is_refused_by_the_form_with_the_limit_named(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(classification_run()))
        async with app.run_test(size=(120, 40)) as pilot:
            notes = record_notifications(app)
            await type_into(pilot, "model.hidden", "1000000, 1000000")  # 10^12 weights between the two layers
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            assert isinstance(app.screen, SetupScreen)
            refusal = next(n for n in notes if n.startswith("Cannot start"))
            assert "model.hidden" in refusal and f"{MAX_PARAMETERS:,}" in refusal

    run(scenario())
