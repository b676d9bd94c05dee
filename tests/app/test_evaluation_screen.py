"""The evaluation view: `nn-tui evaluate` in the app, from the end of a run and from the runs screen."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
from textual.app import App

from tests.app.helpers import wait_until
from tests.app.scripted import classification_run
from tests.app.scripted_events import ScriptedEvents
from tests.runs.helpers import fake_run
from tui.app.app import NNTuiApp
from tui.app.screens.evaluation import EvaluationScreen, evaluate_in_child
from tui.app.screens.runs import RunsScreen
from tui.app.screens.training import TrainingScreen

REPORT = {
    "run": "runs/penguins-20260101-100000", "data": "validation split", "rows": 30, "task": "classification",
    "classes": ["Adelie", "Chinstrap", "Gentoo"],
    "confusion_matrix": [[9, 1, 0], [2, 8, 0], [0, 0, 10]],
    "per_class": [
        {"class": "Adelie", "precision": 0.818, "recall": 0.9, "f1": 0.857, "support": 10},
        {"class": "Chinstrap", "precision": 0.889, "recall": 0.8, "f1": 0.842, "support": 10},
        {"class": "Gentoo", "precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 10},
    ],
    "accuracy": 0.9,
    "macro": {"precision": 0.902, "recall": 0.9, "f1": 0.9},
    "weighted": {"precision": 0.902, "recall": 0.9, "f1": 0.9},
    "baseline": {"predicts": "Adelie", "accuracy": 0.333},
}


def fixed(run_dir: Path):
    return True, REPORT


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


def screen_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static, Label"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_evaluation_screen_snapshot(snap_compare, size):
    async def wait(pilot):
        await wait_until(pilot, lambda: pilot.app.screen.result is not None)
        await pilot.pause()

    host = Host(EvaluationScreen(Path("runs/penguins-20260101-100000"), evaluator=fixed))
    assert snap_compare(host, terminal_size=size, run_before=wait)


def test_the_end_of_a_run_offers_the_evaluation_view(iris_config):
    opened: list[Path] = []
    events = classification_run()
    events[-1] = dataclasses.replace(events[-1], run_dir="runs/iris-20260101-100000")  # the Finished event of a saved run

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(events))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5")
            screen = app.screen
            await wait_until(pilot, lambda: not getattr(screen, "running", True))
            await pilot.pause()
            assert screen.check_action("evaluate", ()) is True
            assert "[E: evaluate · escape: back to the setup" in str(screen.summary.render())
            app.push_screen = lambda pushed, *a, **k: opened.append(pushed.run_dir)  # type: ignore[method-assign]
            await pilot.press("E")
            assert opened == [Path(screen.finished.run_dir)]

    asyncio.run(scenario())
    not_ended = TrainingScreen(iris_config, None, ScriptedEvents([]))
    assert not_ended.check_action("evaluate", ()) is False  # no key before the run has ended


def test_the_runs_screen_opens_the_view_for_the_highlighted_run(tmp_path):
    root = tmp_path / "runs"
    fake_run(root, "iris-20260101-090000")

    async def scenario():
        app = Host(RunsScreen(root))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("E")
            await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen))
            # A fake run has no model.json: the child's one-line refusal is shown, not a crash.
            await wait_until(pilot, lambda: app.screen.result is not None, timeout=120)
            assert "Cannot evaluate" in screen_text(app) and "no model.json" in screen_text(app)
            await pilot.press("escape")
            assert isinstance(app.screen, RunsScreen)

    asyncio.run(scenario())


def test_a_real_run_is_evaluated_in_a_child_process(tmp_path):
    from tui.cli import main

    assert main(["train", "iris", "--set", "training.epochs=3", "--runs-dir", str(tmp_path), "--quiet"]) == 0
    run_dir = next(tmp_path.iterdir())
    ok, report = evaluate_in_child(run_dir)
    assert ok and isinstance(report, dict)
    assert report["classes"] == ["setosa", "versicolor", "virginica"] and report["rows"] == 30
