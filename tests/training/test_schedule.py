"""Learning-rate schedules: each kind's lr per epoch is what torch's own scheduler gives."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from torch.optim import lr_scheduler

from tests.factories import tiny_config, with_changes
from tui.core.errors import ConfigError
from tui.core.events import EpochEnded
from tui.training.trainer import Trainer

EPOCHS = 8
STEPS = 3  # tiny moons: 90 training examples in batches of 32
SCHEDULES: dict[str, dict[str, Any]] = {
    "constant": {},
    "step": {"step_size": 3, "gamma": 0.5},
    "exponential": {"gamma": 0.8},
    "cosine": {"t_max": 5, "eta_min": 0.001},
    "one_cycle": {"pct_start": 0.25},
    "plateau": {"factor": 0.5, "patience": 0},
}


def run(kind: str, lr: float = 0.05) -> list[EpochEnded]:
    config = with_changes(tiny_config(epochs=EPOCHS, lr=lr, batch_size=32), training={"schedule": {"kind": kind, **SCHEDULES[kind]}})
    return [e for e in Trainer(config).run() if isinstance(e, EpochEnded) and e.epoch >= 1]  # epoch 0 trains nothing


def torch_lrs(kind: str, monitored: list[float]) -> list[float]:
    """The lr of each epoch from torch's scheduler driven by hand (one_cycle: of each epoch's last step)."""
    optimizer = torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], lr=0.05)
    params = SCHEDULES[kind]
    made = {
        "constant": lambda: None,
        "step": lambda: lr_scheduler.StepLR(optimizer, **params),
        "exponential": lambda: lr_scheduler.ExponentialLR(optimizer, **params),
        "cosine": lambda: lr_scheduler.CosineAnnealingLR(optimizer, T_max=5, eta_min=0.001),
        "one_cycle": lambda: lr_scheduler.OneCycleLR(optimizer, max_lr=0.05, total_steps=EPOCHS * STEPS, **params),
        "plateau": lambda: lr_scheduler.ReduceLROnPlateau(optimizer, **params),
    }[kind]()
    lrs = []
    optimizer.step()  # no gradients: changes nothing, but torch expects a step before the scheduler's
    for epoch in range(EPOCHS):
        for step in range(STEPS if kind == "one_cycle" else 0):
            last = optimizer.param_groups[0]["lr"]
            if epoch * STEPS + step + 1 < EPOCHS * STEPS:
                made.step()
        lrs.append(last if kind == "one_cycle" else optimizer.param_groups[0]["lr"])
        if kind == "plateau":
            made.step(monitored[epoch])
        elif made is not None and kind != "one_cycle":
            made.step()
    return lrs


@pytest.mark.parametrize("kind", list(SCHEDULES))
def test_each_schedule_follows_torchs_scheduler(kind):
    epochs = run(kind)
    assert [e.lr for e in epochs] == pytest.approx(torch_lrs(kind, [e.val_loss for e in epochs]), rel=1e-12)
    if kind != "constant":
        assert len({e.lr for e in epochs}) > 1, "the schedule moved the learning rate"


def test_plateau_cuts_the_lr_when_the_monitor_stops_improving():
    epochs = run("plateau", lr=1e-6)  # so small that val_loss barely moves: every epoch without a gain halves it
    assert epochs[-1].lr < epochs[0].lr


@pytest.mark.parametrize("table, message", [
    ({"kind": "cosine", "step_size": 3}, "training.schedule: 'step_size' is not a parameter of the 'cosine' schedule; its parameters"),
    ({"kind": "step"}, "training.schedule: the 'step' schedule needs 'step_size'"),
    ({"kind": "warmup"}, "training.schedule: unknown kind 'warmup'; allowed: constant, step, exponential, cosine, one_cycle, plateau"),
    ({"kind": "step", "step_size": 0}, "training.schedule.step_size: Input should be greater than or equal to 1"),
    ({"kind": "constant", "gamma": 0.5}, "'gamma' is not a parameter of the 'constant' schedule; it has no parameters"),
])
def test_a_bad_schedule_is_one_line_naming_the_key(table, message):
    with pytest.raises(ConfigError) as caught:
        with_changes(tiny_config(), training={"schedule": table})
    assert message in str(caught.value) and "\n" not in str(caught.value)
