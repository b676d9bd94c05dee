"""The learning-rate schedule of a run: torch.optim.lr_scheduler's schedulers behind one small interface.

`after_step()` runs after every optimizer step (one_cycle moves each step, as torch means it to), and
`end_epoch(value)` at each epoch's end (the others move once per epoch; plateau reads the monitored
metric). `epoch_lr` is the learning rate the epoch's last step used: what the epoch event reports.
Its state travels in the Trainer's state_dict, so a resumed run continues the schedule exactly.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch.optim import lr_scheduler

from tui.core.schedule_config import CONSTANT, ONE_CYCLE, PLATEAU, ScheduleConfig


class Schedule:
    def __init__(self, config: ScheduleConfig, optimizer: torch.optim.Optimizer, *, lr: float, epochs: int,
                 steps_per_epoch: int, mode: str) -> None:
        self.kind = config.kind
        self.optimizer = optimizer
        self.scheduler = build_scheduler(config, optimizer, lr=lr, epochs=epochs, steps_per_epoch=steps_per_epoch, mode=mode)
        self.per_step = self.kind == ONE_CYCLE
        self.base_lr = lr  # training.lr: a resume with another one scales the schedule (rescale)
        self._last_step_lr = self.lr

    @property
    def lr(self) -> float:
        """The learning rate the next step will use."""
        return float(self.optimizer.param_groups[0]["lr"])

    @property
    def epoch_lr(self) -> float:
        """The learning rate of the epoch under way (one_cycle: of its latest step)."""
        return self._last_step_lr if self.per_step else self.lr

    def after_step(self) -> None:
        """one_cycle only: one step along the cycle, held at its end when a resumed run trains past it."""
        scheduler = self.scheduler
        assert isinstance(scheduler, lr_scheduler.OneCycleLR)
        self._last_step_lr = self.lr
        if scheduler.last_epoch + 1 < scheduler.total_steps:
            scheduler.step()

    def end_epoch(self, monitored: float | None) -> None:
        """The epoch is over (its event out): move a per-epoch schedule on."""
        if self.scheduler is None or self.per_step:
            return
        if isinstance(self.scheduler, lr_scheduler.ReduceLROnPlateau):
            if monitored is not None and math.isfinite(monitored):
                self.scheduler.step(monitored)
            return
        self.scheduler.step()

    def rescale(self, ratio: float) -> None:
        """A resume with another training.lr: the whole schedule scales with it (every lr it holds, times `ratio`)."""
        if self.scheduler is None:  # constant: exactly the new lr, no rounding by the ratio
            for group in self.optimizer.param_groups:
                group["lr"] = self.base_lr
            return
        for group in self.optimizer.param_groups:
            for key in ("lr", "initial_lr", "max_lr", "min_lr"):
                if key in group and isinstance(group[key], float):
                    group[key] *= ratio
        if isinstance(self.scheduler, lr_scheduler.LRScheduler):
            self.scheduler.base_lrs = [lr * ratio for lr in self.scheduler.base_lrs]
            self.scheduler._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        scheduler = None if self.scheduler is None else self.scheduler.state_dict()
        return {"kind": self.kind, "base_lr": self.base_lr, "scheduler": scheduler}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continue a saved schedule (after the optimizer's state, whose lr it then owns)."""
        if state["kind"] != self.kind:
            raise ValueError(f"the checkpoint's schedule is {state['kind']!r}, this run's {self.kind!r}")
        if self.scheduler is not None:
            self.scheduler.load_state_dict(state["scheduler"])
        ratio = self.base_lr / state["base_lr"]
        if ratio != 1:
            self.rescale(ratio)
        self._last_step_lr = self.lr


def build_scheduler(config: ScheduleConfig, optimizer: torch.optim.Optimizer, *, lr: float, epochs: int,
                    steps_per_epoch: int, mode: str) -> Any:
    """torch's scheduler for the config (None for constant); unset parameters keep torch's defaults."""
    given = config.parameters()
    if config.kind == CONSTANT:
        return None
    if config.kind == "step":
        return lr_scheduler.StepLR(optimizer, **given)
    if config.kind == "exponential":
        return lr_scheduler.ExponentialLR(optimizer, **given)
    if config.kind == "cosine":
        return lr_scheduler.CosineAnnealingLR(optimizer, T_max=config.t_max or epochs, eta_min=config.eta_min or 0.0)
    if config.kind == ONE_CYCLE:
        given.setdefault("max_lr", lr)
        # Momentum (or Adam's beta1) cycles against the lr, as in Smith's one-cycle policy, where there is one.
        cycles = "betas" in optimizer.defaults or optimizer.defaults.get("momentum", 0) > 0
        return lr_scheduler.OneCycleLR(optimizer, total_steps=epochs * steps_per_epoch, cycle_momentum=cycles, **given)
    assert config.kind == PLATEAU
    return lr_scheduler.ReduceLROnPlateau(optimizer, mode="max" if mode == "max" else "min", **given)
