"""The runs screen: a table of runs, several overlaid in one chart, a run's config loaded back."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable

from tests.runs.helpers import fake_run
from tui.app.screens.runs import RunsScreen, legend_labels
from tui.app.widgets.runs_chart import RunsChart, thin
from tui.core.config import RunConfig

UNSET = object()


class Host(App):
    """Pushes the runs screen and keeps what it dismissed with."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.result = UNSET

    def on_mount(self) -> None:
        self.push_screen(RunsScreen(self.root), self.done)

    def done(self, value) -> None:
        self.result = value


def make_runs(root: Path) -> None:
    fake_run(root, "compare-optimizers-sgd-20260101-100000", optimizer="sgd", decay=0.08, epochs=30,
             started="2026-01-01T10:00:00+0000")
    fake_run(root, "compare-optimizers-adam-20260101-100100", optimizer="adam", decay=0.3, epochs=30,
             started="2026-01-01T10:01:00+0000")
    fake_run(root, "iris-20260101-090000", lr=0.1, epochs=12, reason=None, started="2026-01-01T09:00:00+0000")


def test_select_runs_overlay_and_load_a_config(tmp_path):
    root = tmp_path / "runs"
    make_runs(root)

    async def scenario():
        app = Host(root)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RunsScreen)
            table = screen.query_one(DataTable)
            assert table.row_count == 3
            assert screen.runs[0].name == "compare-optimizers-adam-20260101-100100"  # newest first
            await pilot.press("space", "down", "space")
            assert screen.selected == ["compare-optimizers-adam-20260101-100100", "compare-optimizers-sgd-20260101-100000"]
            chart = screen.query_one(RunsChart)
            assert [c.label for c in chart.curves] == ["compare-optimizers-adam", "compare-optimizers-sgd"]
            assert len(chart.curves[0].val) == 30
            await pilot.press("space")  # again: deselects
            assert screen.selected == ["compare-optimizers-adam-20260101-100100"]
            assert len(chart.curves) == 1
            await pilot.press("l")  # the highlighted run: compare-optimizers-sgd
            await pilot.pause()
            assert isinstance(app.result, RunConfig)
            assert app.result.training.optimizer == "sgd"

    asyncio.run(scenario())


def test_escape_dismisses_with_none_and_a_damaged_run_is_not_loaded(tmp_path):
    root = tmp_path / "runs"
    broken = fake_run(root, "broken-20260101-100000")
    (broken / "config.toml").write_text("not = [toml", encoding="utf-8")

    async def scenario():
        app = Host(root)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert screen.runs[0].status == "damaged"
            await pilot.press("l")
            await pilot.pause()
            assert app.result is UNSET and app.screen is screen  # stays, with an error notice
            await pilot.press("escape")
            await pilot.pause()
            assert app.result is None

    asyncio.run(scenario())


def test_an_empty_runs_folder_says_so(tmp_path):
    async def scenario():
        app = Host(tmp_path / "nothing-here")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("space", "l")
            assert app.result is UNSET
            assert "No runs yet" in str(app.screen.query_one("#runs-status").render())

    asyncio.run(scenario())


def test_legend_labels_drop_stamps_unless_that_makes_two_alike():
    assert legend_labels(["a-sgd-20260101-100000", "a-adam-20260101-100000-2"]) == ["a-sgd", "a-adam"]
    assert legend_labels(["a-20260101-100000", "a-20260102-100000"]) == ["a-20260101-100000", "a-20260102-100000"]


def test_long_curves_are_thinned_to_the_chart():
    xs = list(range(1, 1001))
    ys = [1.0 / x for x in xs]
    ys[10] = None
    tx, ty = thin(xs, ys, limit=100)
    assert len(tx) == 100 and tx[-1] == 1000 and None not in ty


@pytest.fixture
def fixed_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the screen shows the folder's path: keep it the same in every run of the test
    make_runs(Path("runs"))
    return Path("runs")


def test_runs_screen_snapshot(fixed_runs, snap_compare):
    async def select_two(pilot):
        await pilot.pause()
        await pilot.press("space", "down", "space", "down")
        await pilot.pause()

    assert snap_compare(Host(fixed_runs), terminal_size=(120, 36), run_before=select_two)


def test_the_app_opens_the_runs_screen_and_loads_a_run_into_the_form(tmp_path):
    from tui.app.app import NNTuiApp
    from tui.core.config import load_config
    from tui.core.presets import resolve_preset

    root = tmp_path / "runs"
    make_runs(root)

    async def scenario():
        app = NNTuiApp(load_config(resolve_preset("iris")), runs_root=root)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert isinstance(app.screen, RunsScreen)
            assert app.screen.root == root
            await pilot.press("down", "l")  # compare-optimizers-sgd
            await pilot.pause()
            assert not isinstance(app.screen, RunsScreen)
            assert app.setup_screen.config is not None and app.setup_screen.config.training.optimizer == "sgd"

    asyncio.run(scenario())


def test_resume_a_stopped_run_from_the_runs_screen(tmp_path):
    from tests.factories import tiny_config
    from tui.app.screens.training import TrainingScreen
    from tui.core.events import EpochEnded
    from tui.runs.metrics_file import read_metrics
    from tui.runs.recorder import record
    from tui.training.trainer import Trainer

    root = tmp_path / "runs"
    run_dir = root / "tiny-20260101-100000"
    trainer = Trainer(tiny_config(epochs=5))
    for event in record(trainer, run_dir):
        if isinstance(event, EpochEnded) and event.epoch == 2:
            trainer.stop.set()
    fake_run(root, "done-20260101-090000", started="2026-01-01T09:00:00+0000")

    async def scenario():
        app = Host(root)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert [r.status for r in screen.runs] == ["stopped", "completed"]
            await pilot.press("down", "r")  # a completed run: refused with a hint, nothing pushed
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("up", "r")
            await pilot.pause()
            assert isinstance(app.screen, TrainingScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen.finished is not None and app.screen.finished.reason == "completed"
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen and screen.runs[0].status == "completed"

    asyncio.run(scenario())
    assert [int(r["epoch"]) for r in read_metrics(run_dir)] == [0, 1, 2, 3, 4, 5]  # 0: before training


@pytest.mark.parametrize("width", [80, 120, 160])
def test_the_table_fits_the_screen_with_status_and_best_in_view(tmp_path, width):
    fake_run(tmp_path, "a-rather-long-study-name-trial12-20260101-100000", started="2026-01-01T10:00:00+0000")

    async def scenario():
        app = Host(tmp_path)
        async with app.run_test(size=(width, 30)) as pilot:
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            labels = [str(column.label) for column in table.columns.values()]
            assert "end" in labels and "best" in labels
            assert table.virtual_size.width <= table.size.width, (table.virtual_size.width, table.size.width)

    asyncio.run(scenario())


def test_trials_sort_naturally_and_end_goes_to_the_last_row(tmp_path):
    for number in (5, 10, 11, 2):
        fake_run(tmp_path, f"study-trial{number}", started="2026-01-01T10:00:00+0000")

    async def scenario():
        app = Host(tmp_path)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert [r.name for r in screen.runs] == ["study-trial11", "study-trial10", "study-trial5", "study-trial2"]
            await pilot.press("end")
            assert screen.highlighted().name == "study-trial2"
            await pilot.press("home")
            assert screen.highlighted().name == "study-trial11"

    asyncio.run(scenario())


def test_m_cycles_the_overlaid_metric_through_loss_accuracy_mae_and_f1(tmp_path):
    fake_run(tmp_path, "iris-20260101-090000", epochs=5)

    async def scenario():
        app = Host(tmp_path)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("space")
            await pilot.pause()
            chart = app.screen.query_one(RunsChart)
            assert chart.metric == "loss"
            await pilot.press("m")
            await pilot.pause()
            assert chart.metric == "accuracy %"
            assert chart.curves[0].val[0] == pytest.approx(53.0)  # percent, as everywhere else
            await pilot.press("m", "m")
            await pilot.pause()
            assert chart.metric == "F1"
            await pilot.press("m")
            assert chart.metric == "loss"
            assert "m" in app.screen.active_bindings and app.screen.active_bindings["m"].binding.show  # in the footer

    asyncio.run(scenario())


def test_e_trains_a_completed_run_further_after_asking_how_many_epochs_in_all(tmp_path):
    from textual.widgets import Input, Static

    from tests.factories import tiny_config
    from tui.app.screens.more_epochs import MoreEpochsScreen
    from tui.app.screens.training import TrainingScreen
    from tui.runs.metrics_file import read_metrics
    from tui.runs.recorder import record
    from tui.training.trainer import Trainer

    root = tmp_path / "runs"
    run_dir = root / "tiny-20260101-100000"
    for _event in record(Trainer(tiny_config(epochs=3)), run_dir):
        pass

    async def scenario():
        app = Host(root)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert [r.status for r in screen.runs] == ["completed"]
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, MoreEpochsScreen)
            field = app.screen.query_one(Input)
            field.value = "3"  # not above the 3 it has trained: refused, with the field named
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MoreEpochsScreen)
            assert "training.epochs" in str(app.screen.query_one("#more-epochs-error", Static).render())
            field.value = "5"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TrainingScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen.finished is not None and app.screen.finished.reason == "completed"

    asyncio.run(scenario())
    assert [int(r["epoch"]) for r in read_metrics(run_dir)] == [0, 1, 2, 3, 4, 5]  # 0: before training
