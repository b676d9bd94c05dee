"""The notices panel scrolls back through older notices and returns to the newest; new notices keep the view still."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult

from tui.app.widgets.notices_log import NoticesLog

from .helpers import run


class LogApp(App):
    def compose(self) -> ComposeResult:
        yield NoticesLog()


def shown(log: NoticesLog) -> list[str]:
    return log.render().plain.splitlines()


def test_keys_and_the_wheel_scroll_back_and_end_returns_to_the_newest():
    async def scenario():
        app = LogApp()
        async with app.run_test(size=(60, 12)) as pilot:
            log = app.query_one(NoticesLog)
            for i in range(40):
                log.add(f"notice {i}")
            await pilot.pause()
            height = log.size.height
            assert shown(log)[-1] == "notice 39" and len(shown(log)) == height
            log.focus()
            await pilot.press("up", "up", "up")
            assert log.back == 3 and shown(log)[-1] == "notice 36"
            assert "3 lines back" in str(log.border_subtitle)
            log.add("notice 40")  # arrives while reading: the view stays on the same lines
            await pilot.pause()
            assert shown(log)[-1] == "notice 36"
            await pilot.press("down")
            assert shown(log)[-1] == "notice 37"
            await pilot.press("pageup")
            assert log.back == 3 + round(height / 2)
            await pilot._post_mouse_events([events.MouseScrollDown], NoticesLog, offset=(2, 2))  # the wheel, as pilot.click posts clicks
            assert log.back == round(height / 2)
            for _ in range(30):
                await pilot.press("pageup")
            assert shown(log)[0] == "notice 0"  # no further than the oldest
            await pilot.press("end")
            assert log.back == 0 and shown(log)[-1] == "notice 40" and not log.border_subtitle

    run(scenario())


def test_tab_reaches_the_notices_on_the_training_screen_and_the_footer_shows_their_keys(iris_config):
    from tests.app.scripted_events import ScriptedEvents
    from tui.app.app import NNTuiApp

    from .helpers import wait_until
    from .scripted import classification_run

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(classification_run()))
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("f5")
            screen = app.screen
            await wait_until(pilot, lambda: not screen.running)
            assert app.focused is None  # the footer leads with the training keys
            await pilot.press("tab")
            assert isinstance(app.focused, NoticesLog)
            shown_keys = {binding.description for _, binding, enabled, _ in app.active_bindings.values() if binding.show}
            assert {"Older notices", "Newest", "Steps"} <= shown_keys  # pause and stop left with the run
            await pilot.press("up")
            assert app.focused.back == 1

    run(scenario())
