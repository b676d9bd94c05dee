"""The sweep screen races the runs live: a row per value, their curves overlaid, stop skips the rest."""

from __future__ import annotations

import asyncio
import math
import threading

from textual.app import App

from tests.app.helpers import wait_until
from tests.factories import tiny_config
from tui.app.screens.sweep import SweepScreen
from tui.app.widgets.runs_chart import RunCurves, RunsChart, y_top
from tui.core.config import config_to_dict, validate_config
from tui.core.events import EpochEnded, Finished, RunStarted
from tui.core.sweep_spec import sweep_runs


def sweep_config(values=("sgd", "adam"), epochs: int = 3):
    raw = config_to_dict(tiny_config(epochs=epochs))
    raw["name"] = "race"
    raw["sweep"] = {"training.optimizer": list(values)}
    return validate_config(raw)


class Host(App):
    def __init__(self, screen: SweepScreen) -> None:
        super().__init__()
        self.sweep_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.sweep_screen)


def started(name: str) -> RunStarted:
    return RunStarted(name=name, train_size=90, val_size=30, batch_size=16, steps_per_epoch=6, total_steps=60,
                      gd_kind="mini-batch", parameters=33, device="cpu", epochs=10, task="classification",
                      monitor="val_loss", patience=0, run_dir=None, model_summary="", threads=1)


def epoch(n: int, rate: float) -> EpochEnded:
    loss = 0.7 * math.exp(-rate * n) + 0.05
    return EpochEnded(epoch=n, global_step=6 * n, train_loss=loss, val_loss=loss + 0.02, train_accuracy=None,
                      val_accuracy=None, val_f1=None, val_mae=None, seconds=0.01)


def scripted(config, runs_root, stop: threading.Event):
    """Two runs of ten made-up epochs: a deterministic race for the snapshot."""
    for index, (run, rate) in enumerate(zip(sweep_runs(config), (0.1, 0.35))):
        if stop.is_set():
            return
        yield index, run, started(run.config.name)
        for n in range(1, 11):
            yield index, run, epoch(n, rate)
        best = epoch(10, rate).val_loss
        yield index, run, Finished(reason="completed", epochs=10, best_epoch=10, best=best, run_dir=None, monitor="val_loss")


def test_a_real_sweep_races_live_and_saves_each_run(tmp_path):
    screen = SweepScreen(sweep_config(), runs_root=tmp_path / "runs")

    async def scenario():
        app = Host(screen)
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [f.reason for f in screen.finished] == ["completed", "completed"]
            assert [len(e) for e in screen.epochs] == [4, 4]  # epoch 0 (before training), then 3
            assert [c.label for c in screen.query_one(RunsChart).curves] == ["sgd", "adam"]
            assert "Done: 2 of 2 runs" in str(screen.query_one("#sweep-status").render())

    asyncio.run(scenario())
    assert sorted(p.name.rsplit("-", 2)[0] for p in (tmp_path / "runs").iterdir()) == ["race-adam", "race-sgd"]


def test_stop_ends_the_sweep_early(tmp_path):
    screen = SweepScreen(sweep_config(("sgd", "adam", "rmsprop"), epochs=100_000), runs_root=None)

    async def scenario():
        app = Host(screen)
        async with app.run_test(size=(120, 36)) as pilot:
            try:
                await wait_until(pilot, lambda: bool(screen.epochs[0]))
                await pilot.press("escape")  # refused while running
                assert app.screen is screen
                await pilot.press("s")
                await wait_until(pilot, lambda: not screen.running, timeout=60)
                await pilot.pause()
                assert screen.finished[0] is not None and screen.finished[0].reason == "stopped"
                assert screen.finished[1:] == [None, None]
                await pilot.press("escape")
                await pilot.pause()
                assert app.screen is not screen
            finally:
                screen.stop_flag.set()  # a failure above must not leave a 100 000-epoch sweep for shutdown to wait on

    asyncio.run(scenario())


def test_a_blown_up_run_does_not_flatten_the_others():
    calm = [RunCurves(name, [1, 2, 3], [0.5, 0.4, 0.3], [0.55, 0.45, 0.35]) for name in ("a", "b")]
    wild = RunCurves("c", [1, 2], [0.6, 1e9], [float("nan"), None])
    assert y_top(calm) is None
    assert y_top([*calm, wild]) == 3.0 * 0.5


def test_sweep_screen_snapshot(snap_compare):
    screen = SweepScreen(sweep_config(), runs_root=None, source=scripted)

    async def finish(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.1)

    assert snap_compare(Host(screen), terminal_size=(110, 34), run_before=finish)
