"""Early stopping as docs/DESIGN.md §Early stopping pins it: improvement beats best by more than min_delta."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    improved: bool
    previous: float | None  # the best before this epoch (None the first time)
    wait: int  # epochs since the last improvement
    stop: bool  # patience exhausted


class EarlyStopping:
    """Tracks the best value of the monitored metric; stops after `patience` epochs without improvement.

    patience 0 keeps tracking the best (for saving and restoring weights) but never stops.
    """

    def __init__(self, monitor: str, mode: str, patience: int, min_delta: float = 0.0) -> None:
        self.monitor = monitor
        self.mode = mode
        self.patience = patience
        self.min_delta = min_delta
        self.best: float | None = None
        self.best_epoch: int | None = None
        self.wait = 0

    def is_improvement(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        if self.best is None:
            return True
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def update(self, epoch: int, value: float) -> Decision:
        previous = self.best
        if self.is_improvement(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            return Decision(True, previous, 0, False)
        self.wait += 1
        return Decision(False, previous, self.wait, self.patience > 0 and self.wait >= self.patience)

    def state_dict(self) -> dict[str, object]:
        return {"best": self.best, "best_epoch": self.best_epoch, "wait": self.wait}

    def load_state_dict(self, state: dict) -> None:
        self.best, self.best_epoch, self.wait = state["best"], state["best_epoch"], int(state["wait"])
