"""The live app's training speed and key response, measured in a real (headless) running app.

`measure_app(config, runs)` opens the app on `config`, starts training `runs` times one after
the other in the same app (each run trains in a training process of its own, read by a pooled
worker thread; the OpenMP trap in docs/DESIGN.md §Speed was about the second run), and while each run
trains presses `p` (pause, then resume) every
`key_interval` seconds. A key's latency is the time from sending it (the same Key event a terminal
driver sends) to the pause action running on the UI thread. `pilot.press` is not used for the
timing loop because it then waits for the whole process to go idle, which a training process
never does (up to 2 s per key), so it would send very few keys. Throughput is the engine's own figure: steps done over
training seconds (pauses excluded), as the headless benchmark counts it.

Headless means frames are composed (widgets render, plotext builds its charts) but not written
to a terminal, so a real terminal adds its output cost on top of these figures.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the app is imported when measured: `nn-tui bench --help` stays light
    from textual.app import App
    from textual.pilot import Pilot

    from tui.app.screens.training import TrainingScreen
    from tui.core.config import RunConfig


def measure_app(config: RunConfig, runs: int = 2, size: tuple[int, int] = (120, 40), key_interval: float = 1.0) -> dict[str, Any]:
    """{"steps_per_second": [one per run], "seconds": [...], "steps": [...], "key_latency_p95_ms", ...}."""
    return asyncio.run(_measure(config, runs, size, key_interval))


async def _measure(config: RunConfig, runs: int, size: tuple[int, int], key_interval: float) -> dict[str, Any]:
    from tui.app.app import NNTuiApp
    from tui.app.screens.setup import SetupScreen
    from tui.app.screens.training import TrainingScreen
    from tui.app.widgets.progress_panel import ProgressPanel
    from tui.core.vocabulary import FAILED

    app = NNTuiApp(config, runs_root=None)
    rates: list[float] = []
    seconds: list[float] = []
    steps: list[int] = []
    latencies: list[float] = []
    ui_cpu: list[float] = []
    panel_open: list[bool] = []
    async with app.run_test(size=size) as pilot:
        for _ in range(runs):
            await _until(pilot, lambda: isinstance(app.screen, SetupScreen))
            _send_key(app, "f5")
            await _until(pilot, lambda: isinstance(app.screen, TrainingScreen))
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            keys = _KeyTimer(screen)
            await _until(pilot, lambda screen=screen: bool(screen.query(ProgressPanel)))  # mounted after the switch
            panel = screen.query_one(ProgressPanel)
            # From the engine's RunStarted on, the run is training: measure from there.
            await _until(pilot, lambda panel=panel, screen=screen: panel.state.status != "starting" or not screen.running)
            ui_cpu_start, wall_start = time.thread_time(), time.perf_counter()
            while screen.running:
                for _ in range(2):  # pause, then resume
                    latency = await keys.press(app, "p")
                    if latency is not None:
                        latencies.append(latency)
                await _until(pilot, lambda screen=screen: not screen.running, timeout=key_interval, quiet=True)
            # CPU time the UI thread (this one) used per second of the run: its share of the GIL.
            ui_cpu.append((time.thread_time() - ui_cpu_start) / (time.perf_counter() - wall_start))
            panel_open.append(screen.query_one("#charts").has_class("-model") and screen.model_panel.picture.regions is not None)
            finished = screen.finished
            if finished is None or finished.reason == FAILED:
                raise RuntimeError(f"the run did not finish: {finished.message if finished else 'no Finished event'}")
            done = int(finished.metrics.get("global_step", panel.state.global_step))
            steps.append(done)
            seconds.append(finished.seconds)
            rates.append(done / finished.seconds if finished.seconds > 0 else 0.0)
            _send_key(app, "escape")
    return {
        "steps_per_second": rates,
        "seconds": seconds,
        "steps": steps,
        "ui_cpu_share": ui_cpu,
        "key_presses": len(latencies),
        "model_panel_open": all(panel_open),  # the decision regions were drawn in every run
        "key_latency_p95_ms": _percentile(latencies, 95) * 1000,
        "key_latency_median_ms": (statistics.median(latencies) * 1000) if latencies else math.nan,
    }


class _KeyTimer:
    """Wraps a screen's pause action to note when each key is handled (the app itself is unchanged)."""

    def __init__(self, screen: TrainingScreen) -> None:
        self.action = screen.action_toggle_pause
        self.handled = asyncio.Event()
        self.at = 0.0
        screen.action_toggle_pause = self._timed  # type: ignore[method-assign]  # wrapping the action is the point

    def _timed(self) -> None:
        self.at = time.perf_counter()
        self.handled.set()
        self.action()

    async def press(self, app: App[Any], key: str, timeout: float = 5.0) -> float | None:
        """Send `key` as the terminal driver would; seconds until it was handled (None: not handled in time)."""
        self.handled.clear()
        sent = time.perf_counter()
        _send_key(app, key)
        try:
            await asyncio.wait_for(self.handled.wait(), timeout)
        except TimeoutError:
            return None
        return self.at - sent


def _send_key(app: App[Any], key: str) -> None:
    """Post a key as the terminal driver does. (`pilot.press` would then wait for the process to go idle,
    which it never does while training: up to 2 s per key, longer than a short run.)"""
    from textual import events

    app.post_message(events.Key(key, key if len(key) == 1 else None))


async def _until(pilot: Pilot[Any], condition: Callable[..., bool], timeout: float = 600.0, quiet: bool = False) -> None:
    """Poll `condition()` every 50 ms; after `timeout` raise, or just return when `quiet`.

    (`condition` is typed loosely: the lambdas bind the loop's screen and panel as default arguments.)"""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            if quiet:
                return
            raise TimeoutError("the app did not get there in time")  # not translated: a benchmark's own failure, a bug
        await asyncio.sleep(0.05)


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1)]


if __name__ == "__main__":  # `python -m tui.bench.app PRESET.toml`: one measurement as a JSON line (nn-tui bench)
    import json
    import sys
    from pathlib import Path

    from tui.core.config import load_config

    print(json.dumps(measure_app(load_config(Path(sys.argv[1])), runs=int(sys.argv[2]) if len(sys.argv) > 2 else 2)))
