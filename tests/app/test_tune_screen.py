"""The tuning screen in Pilot: a real study end to end, stopping, 'use best', no [tune] section; and a snapshot."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from textual.app import App
from textual.widgets import DataTable, Static

from tests.app.helpers import wait_until
from tests.factories import tune_config, tune_raw
from tui.app.screens.tune import TrialChart, TuneScreen
from tui.core.config import RunConfig, validate_config
from tui.core.events import Event
from tui.core.tune_events import TrialEnded, TrialEpoch, TrialStarted, TuneFinished, TuneStarted

NOT_DISMISSED = "not dismissed"


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test on its own event loop (no asyncio plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


class Host(App):
    """Pushes the tuning screen and keeps what it was dismissed with."""

    def __init__(self, screen: TuneScreen) -> None:
        super().__init__()
        self.tune_screen = screen
        self.result: object = NOT_DISMISSED

    def on_mount(self) -> None:
        self.push_screen(self.tune_screen, callback=self._dismissed)

    def _dismissed(self, result: RunConfig | None) -> None:
        self.result = result


def column(table: DataTable, key: str) -> list[str]:
    return [str(table.get_cell(row, key)) for row in table.rows]


@sync
async def test_a_real_study_fills_the_table_and_use_best_returns_its_settings(tmp_path):
    config = tune_config(
        {"trials": 3, "sampler": "random", "seed": 2, "training": {"lr": [0.01, 0.1, 0.3]}, "model": {"hidden": [[4], [8, 8]]}}
    )
    screen = TuneScreen(config, storage="memory", runs_dir=tmp_path / "runs")
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one("#trials", DataTable)
        assert column(table, "number") == ["0", "1", "2"]
        assert column(table, "state") == ["complete"] * 3
        values = [float(v) for v in column(table, "value")]
        best_row = values.index(min(values))
        best_lr = float(column(table, "training.lr")[best_row])
        best_hidden = column(table, "model.hidden")[best_row]
        assert f"Best so far: trial {best_row}" in str(screen.query_one("#best", Static).render())
        assert "Done. 3 trials here: 3 complete" in str(screen.query_one("#tune-status", Static).render())
        assert len(screen.query_one(TrialChart).points) == 3
        assert len(list((tmp_path / "runs").iterdir())) == 3  # every trial is a run folder
        await pilot.press("b")
        await pilot.pause()
    assert isinstance(app.result, RunConfig)
    assert app.result.training.lr == best_lr and str(app.result.model.hidden) == best_hidden
    assert app.result.tune == config.tune  # still tunable again from the form


def stalled_study(stop: threading.Event) -> Iterator[Event]:
    """A study whose first trial runs until it is told to stop (like a long real trial)."""
    yield TuneStarted("slow", "memory", "val_loss", "minimize", 5, "tpe", "median", 0, {"training.lr": "0.001 … 1 (log)"})
    yield TrialStarted(0, {"training.lr": 0.01}, None)
    while not stop.wait(0.01):
        pass
    yield TrialEnded(0, {"training.lr": 0.01}, "failed", None, 3, 0.5, None, "stopped by the user")
    yield TuneFinished("slow", "memory", "val_loss", "minimize", 1, 0, 0, 1, 1, None, None, stopped=True)


@sync
async def test_escape_stops_the_study_and_dismisses_with_nothing():
    screen = TuneScreen(tune_config(), source=stalled_study)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        # the row comes from the worker thread: wait for it rather than for one pause
        await wait_until(pilot, lambda: column(screen.query_one("#trials", DataTable), "state") == ["running"], timeout=30)
        assert screen.running
        assert column(screen.query_one("#trials", DataTable), "state") == ["running"]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.stop_flag.is_set() and not screen.running
    assert app.result is None


@sync
async def test_use_best_before_any_trial_completed_keeps_the_screen_open():
    screen = TuneScreen(tune_config(), source=stalled_study)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert app.result == NOT_DISMISSED and app.screen is screen


@sync
async def test_without_a_tune_section_it_says_so_and_offers_nothing_to_run():
    calls: list[int] = []

    def source(stop: threading.Event) -> Iterator[Event]:
        calls.append(1)
        return iter(())

    screen = TuneScreen(validate_config(tune_raw(tune=None)), source=source)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "no [tune] section" in str(screen.query_one("#no-tune", Static).render())
        await pilot.press("s", "b")
        await pilot.pause()
        assert calls == [] and screen.worker is None and app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


@sync
async def test_a_bad_tune_section_shows_its_error():
    screen = TuneScreen(validate_config(tune_raw({"training": {"lr": {"low": 1.0, "high": 0.1}}})))
    async with Host(screen).run_test(size=(120, 40)):
        assert "tune.training.lr: low (1.0) must be less than high (0.1)" in str(screen.query_one("#no-tune", Static).render())
        assert screen.spec is None


# ---------------------------------------------------------------- snapshot

SPACE = {"training.lr": "0.0001 … 0.3 (log)", "training.optimizer": '"sgd" | "adam"', "model.hidden": "[8] | [16, 16] | [32, 32]"}
FAKE_TRIALS = [  # (number, lr, optimizer, hidden, state, value)
    (0, 0.00018, "sgd", [16, 16], "complete", 1.0868),
    (1, 0.0055, "adam", [32, 32], "complete", 0.1225),
    (2, 0.0021, "adam", [8], "complete", 0.3451),
    (3, 0.17, "adam", [8], "complete", 0.0922),
    (4, 0.00052, "sgd", [32, 32], "pruned", 1.0981),
    (5, 0.047, "adam", [16, 16], "failed", None),
    (6, 0.019, "adam", [32, 32], "complete", 0.0714),
]


def fake_study(stop: threading.Event) -> Iterator[Event]:
    """Fixed trial results, so the picture never changes; the last trial is still running."""
    yield TuneStarted("tune-iris", "sqlite:///runs/optuna.db", "val_loss", "minimize", 8, "tpe", "median", 0, SPACE)
    best: tuple[int, float, dict] | None = None
    for number, lr, optimizer, hidden, state, value in FAKE_TRIALS:
        params = {"training.lr": lr, "training.optimizer": optimizer, "model.hidden": hidden}
        yield TrialStarted(number, params, None)
        if state == "complete" and (best is None or value < best[1]):
            best = (number, value, params)
        message = "diverged: the training loss is no longer a finite number" if state == "failed" else ""
        yield TrialEnded(number, params, state, value, 30, 0.4, None, message, *(best or (None, None, {})))
    yield TrialStarted(7, {"training.lr": 0.011, "training.optimizer": "adam", "model.hidden": [8]}, None)
    yield TrialEpoch(7, 12, 30, 0.2513, 0.2513)


def test_snapshot_of_a_study_in_progress(snap_compare):
    config = tune_config(
        {
            "trials": 8,
            "training": {"lr": {"low": 1e-4, "high": 0.3, "log": True}, "optimizer": ["sgd", "adam"]},
            "model": {"hidden": [[8], [16, 16], [32, 32]]},
        }
    )
    screen = TuneScreen(config.model_copy(update={"name": "tune-iris"}), source=fake_study)

    async def run_before(pilot) -> None:
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen.flush_chart(force=True)
        await pilot.pause()

    assert snap_compare(Host(screen), terminal_size=(120, 40), run_before=run_before)


@sync
async def test_keep_runs_false_writes_nothing(tmp_path):
    screen = TuneScreen(tune_config({"trials": 1, "training": {"lr": [0.05]}}), runs_dir=tmp_path / "runs", keep_runs=False)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert column(screen.query_one("#trials", DataTable), "state") == ["complete"]
    assert not (tmp_path / "runs").exists()


def long_float_study(stop: threading.Event) -> Iterator[Event]:
    """One trial whose best learning rate has all the digits a sampler draws."""
    yield TuneStarted("long", "memory", "val_loss", "minimize", 1, "tpe", "median", 0, {"training.lr": "0.001 … 1 (log)"})
    params = {"training.lr": 0.014249271836}
    yield TrialEnded(0, params, "complete", 0.5, 3, 0.5, None, best_number=0, best_value=0.5, best_params=params)
    yield TuneFinished("long", "memory", "val_loss", "minimize", 1, 1, 0, 0, 1, 0, 0.5, params)


@sync
async def test_use_best_puts_long_floats_in_the_form_as_a_person_writes_them():
    screen = TuneScreen(tune_config(), source=long_float_study)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await wait_until(pilot, lambda: not screen.running, timeout=30)
        await pilot.pause()
        assert "training.lr = 0.0142" in str(screen.query_one("#best", Static).render())
        await pilot.press("b")
        await pilot.pause()
    assert isinstance(app.result, RunConfig) and app.result.training.lr == 0.0142
