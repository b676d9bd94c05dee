"""In the app: d leaves a run training in its own process and goes back to the form; the runs screen lists it as
running and attaches to it (a live view read from its folder), whose stop key stops the run itself."""

from __future__ import annotations

import json

import pytest

from tests.app.helpers import record_notifications, run, wait_until
from tests.factories import tiny_iris
from tui.app.app import NNTuiApp
from tui.app.screens.attached import AttachedScreen
from tui.app.screens.setup import SetupScreen
from tui.app.screens.training import TrainingScreen
from tui.runs.control_pipe import send_command
from tui.runs.follow import training


def epochs_in(run_dir) -> int:
    return len((run_dir / "metrics.csv").read_text(encoding="utf-8").splitlines()) - 1


@pytest.mark.timeout(300)
def test_a_detached_run_trains_on_and_an_attached_view_stops_it(tmp_path):
    config = tiny_iris(training={"epochs": 100_000}, early_stopping={"patience": 0})

    async def scenario():
        app = NNTuiApp(config, runs_root=tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            notes = record_notifications(app)
            await pilot.press("f5")
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            await wait_until(pilot, lambda: screen.last_epoch is not None and screen.last_epoch.epoch >= 3)
            await pilot.press("d")
            await wait_until(pilot, lambda: isinstance(app.screen, SetupScreen))
            assert any("trains on in the background" in n for n in notes)
            run_dir = tmp_path / screen.run_dir.rsplit("/", 1)[-1]
            assert training(run_dir)
            before = epochs_in(run_dir)
            await wait_until(pilot, lambda: epochs_in(run_dir) > before + 10)  # nobody watches; it goes on

            await pilot.press("ctrl+r")
            await pilot.pause(0.5)
            await pilot.press("a")  # the only run: highlighted
            attached = app.screen
            assert isinstance(attached, AttachedScreen)
            await wait_until(pilot, lambda: attached.last_epoch is not None and attached.last_epoch.epoch > before)
            await pilot.press("s")
            await wait_until(pilot, lambda: attached.finished is not None)
            assert attached.finished.reason == "stopped"
        await wait_until_free(run_dir)
        summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
        assert summary["reason"] == "stopped" and (run_dir / "best.safetensors").exists()
        assert send_command(run_dir, "stop") is False  # its control pipe went with it

    async def wait_until_free(run_dir):
        import asyncio

        for _ in range(600):
            if not training(run_dir):
                return
            await asyncio.sleep(0.1)
        raise AssertionError("the run still holds its folder")

    run(scenario())
