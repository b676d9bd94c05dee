"""Pictures of the Backprop screen at 80×24 and 120×40: the worked example (2-2-1) at several stages of its
walk, and a 4-4-3 network. Derived in the test's process, so nothing waits on a child.
Update after an intended change with `pytest tests/app/test_backprop_snapshots.py --snapshot-update`."""

from __future__ import annotations

import pytest

from tests.app.backprop_helpers import backprop_screen, in_process, preset
from tests.app.helpers import wait_until
from tui.app.app import NNTuiApp
from tui.app.screens import explain

SIZES = [(80, 24), (120, 40)]
# worked-example's stages: 0 h1[1] summed, 3 the loss, 12 dE/dW1[2,1], 20 the update of b1[1]
STAGES = {"forward": 0, "loss": 3, "gradient": 12, "update": 20}


@pytest.fixture(autouse=True)
def _derive_in_process(monkeypatch):
    monkeypatch.setattr(explain, "explain_in_child", in_process)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_worked_example(snap_compare, size, stage):
    async def walk(pilot):
        await wait_until(pilot, lambda: bool(getattr(pilot.app.screen, "stages", None)))
        pilot.app.screen.go_to(STAGES[stage])
        await pilot.pause()

    assert snap_compare(NNTuiApp(preset("worked-example"), runs_root=None), terminal_size=size, run_before=walk)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_4_4_3_network(snap_compare, size):
    config = preset("iris", "model.hidden=[4]")  # 4 inputs, 4 hidden, 3 classes: 35 parameters

    async def walk(pilot):
        screen = backprop_screen(config)
        pilot.app.push_screen(screen)
        await wait_until(pilot, lambda: bool(screen.stages))
        screen.go_to(5)  # z2[2] summed: the 4 weights into it lit
        await pilot.pause()

    assert snap_compare(NNTuiApp(config, runs_root=None), terminal_size=size, run_before=walk)
