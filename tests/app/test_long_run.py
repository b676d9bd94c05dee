"""A 100 000-epoch run through the real training screen: charts and notices stay bounded, memory stays flat.

The event source is an engine as fast as Python can yield (no torch, no sleeping), so the screen
sees more epochs per second than any real run gives it. Memory is measured with tracemalloc from
F5 to the end of the run, for 10 000 and for 100 000 epochs: anything the screen kept per epoch
(an event, a point, a line of text) would make the second grow ~9× more than the first.
"""

from __future__ import annotations

import gc
import math
import tracemalloc

import pytest

from tests.app.helpers import run, wait_until
from tui.app.app import NNTuiApp
from tui.app.screens.training import TrainingScreen
from tui.app.widgets.notices_log import MAX_NOTICES
from tui.core.events import Diagnosed, EpochEnded, Finished, Improved, PatienceTicked, Progress, RunStarted

STEPS = 4
PATIENCE = 1_000_000  # never stops early: every epoch after an improvement is a "Trigger times" notice
# Growth allowed beyond the 10 000-epoch run's, at the end of the run. A leak of one float per epoch
# (~3 MB over the extra 90 000 epochs) is well above it; a kept event per epoch (~40 MB) far above.
MARGIN_BYTES = 1_000_000
# At the peak the screen may also be behind the worker by up to its inbox's limit (a few MB of events),
# more in one run than in the other; a message queued per event grew ~85 MB here.
PEAK_MARGIN_BYTES = 4_000_000


def long_run(epochs: int):
    """A deterministic run of `epochs` epochs with the events a real one sends, as fast as they can be yielded."""

    def source(config, runs_root, stop, pause):
        yield RunStarted(
            name="long", train_size=120, val_size=30, batch_size=32, steps_per_epoch=STEPS, total_steps=STEPS * epochs,
            gd_kind="mini-batch", parameters=151, device="cpu", epochs=epochs, task="classification", monitor="val_loss",
            patience=PATIENCE, run_dir=None, model_summary="MLP()", threads=1, n_classes=3,
        )
        best, best_epoch, wait = math.inf, 0, 0
        for epoch in range(1, epochs + 1):
            if stop.is_set():
                yield Finished("stopped", epoch - 1, best_epoch, best, None, "val_loss", epoch * 1e-3, True)
                return
            if epoch % 100 == 0:
                step = epoch * STEPS
                yield Progress(epoch, epochs, 2, STEPS, step, STEPS * epochs, epoch * 1e-3, 4000.0, 120_000.0)
            train_loss = 1 / math.sqrt(epoch)
            val_loss = 1 / math.sqrt(epoch) + 0.05 * math.sin(epoch / 7)
            yield EpochEnded(
                epoch=epoch, global_step=epoch * STEPS, train_loss=train_loss, val_loss=val_loss,
                train_accuracy=1 - train_loss / 2, val_accuracy=1 - val_loss / 2, val_f1=0.9, val_mae=None,
                seconds=1e-3, elapsed=epoch * 1e-3,
            )
            if val_loss < best:
                yield Improved(epoch, "val_loss", None if best == math.inf else best, val_loss, None)
                best, best_epoch, wait = val_loss, epoch, 0
            else:
                wait += 1
            yield PatienceTicked(epoch, wait, PATIENCE)
            if epoch % 5_000 == 0:
                yield Diagnosed(epoch, "healthy", f"Healthy at epoch {epoch}: both losses fall together.")
        yield Finished("completed", epochs, best_epoch, best, None, "val_loss", epochs * 1e-3, True)

    return source


async def train_and_measure(pilot, epochs: int) -> tuple[TrainingScreen, int, int]:
    """Run `epochs` epochs from the form; return the screen and the memory it grew by (at the end, at the peak)."""
    app = pilot.app
    app.event_source = long_run(epochs)
    gc.collect()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    await pilot.press("f5")
    screen = app.screen
    assert isinstance(screen, TrainingScreen)
    await wait_until(pilot, lambda: not screen.running, timeout=300)
    await pilot.pause()
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    return screen, current - before, peak - before


def assert_bounded(screen: TrainingScreen, epochs: int) -> None:
    assert screen.finished is not None and screen.finished.reason == "completed"
    assert screen.last_epoch is not None and screen.last_epoch.epoch == epochs  # every epoch reached the screen
    for chart in (screen.loss_chart, screen.metric_chart):
        assert len(chart.history) <= chart.history.capacity
        assert chart.history.latest is not None and chart.history.latest[0] == epochs
    assert len(screen.notices.texts) <= MAX_NOTICES


@pytest.mark.timeout(900)  # 111 000 epochs through the app; each run may take its 300 s
def test_a_100000_epoch_run_keeps_memory_flat(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            await train_and_measure(pilot, 1_000)  # warm-up: imports, caches, the first chart draw
            await pilot.press("escape")
            tracemalloc.start()
            try:
                screen, short_end, short_peak = await train_and_measure(pilot, 10_000)
                assert_bounded(screen, 10_000)
                await pilot.press("escape")
                screen, long_end, long_peak = await train_and_measure(pilot, 100_000)
                assert_bounded(screen, 100_000)
            finally:
                tracemalloc.stop()
            print(f"memory growth: 10 000 epochs {short_end:,} B (peak {short_peak:,}); "
                  f"100 000 epochs {long_end:,} B (peak {long_peak:,})")
            assert long_end <= short_end + MARGIN_BYTES
            assert long_peak <= short_peak + PEAK_MARGIN_BYTES

    run(scenario())
