"""Name the state of the training curves in the lecture's words.

Curves are noisy (a small validation set jumps from epoch to epoch), so the trends are read from
moving averages, and a new state is announced only once it has held for two epochs in a row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from tui.core.i18n import N_

OVERFITTING = N_("Overfitting since epoch {epoch}: validation loss rises while training loss falls")
MIN_EPOCHS = 5  # too few points say nothing about a trend
WINDOW = 5  # epochs in the moving average
FLAT = 0.01  # under 1 % total improvement of the training loss: not learning
RISE = 0.05  # smoothed validation loss 5 % above its minimum ...
AFTER = 3  # ... for at least this many epochs after it: overfitting
HOLD = 2  # epochs a new state must hold before it is announced


@dataclass(frozen=True)
class Diagnosis:
    state: str  # "healthy" | "not_learning" | "overfitting" | "diverging"
    message: str
    since_epoch: int | None = None


def smooth(values: list[float], window: int = WINDOW) -> list[float]:
    """Centred moving average (no lag; near the ends it averages the points there are)."""
    # Shifted slices added in order give the same sums, bit for bit, as sum() over each window
    # (np.convolve does not: its dot products round differently). Zero padding counts no points.
    half, n = window // 2, len(values)
    padded = np.concatenate([np.zeros(half), np.asarray(values, dtype=float), np.zeros(half)])
    inside = np.concatenate([np.zeros(half), np.ones(n), np.zeros(half)])
    total, count = np.zeros(n), np.zeros(n)
    for shift in range(2 * half + 1):
        total += padded[shift : shift + n]
        count += inside[shift : shift + n]
    return (total / count).tolist()


def diagnose(
    train_loss: list[float], val_loss: list[float | None], *, offset: int = 0, first: float | None = None, lowest: float | None = None
) -> Diagnosis | None:
    """Diagnosis from per-epoch losses (index 0 = epoch offset + 1); None while too early to tell.

    A long run passes only its recent epochs, with the first and lowest training loss of the whole run.
    """
    if train_loss and not math.isfinite(train_loss[-1]):
        return Diagnosis("diverging", N_("Diverging: the loss is no longer a finite number (learning rate too large?)"))
    first = train_loss[0] if first is None else first
    lowest = min(train_loss) if lowest is None else lowest
    if len(train_loss) >= 3 and train_loss[-1] > 2 * first and train_loss[-1] > train_loss[-2] > train_loss[-3]:
        return Diagnosis("diverging", N_("Diverging: the training loss keeps rising (learning rate too large?)"))
    if offset + len(train_loss) < MIN_EPOCHS:
        return None
    if first > 0 and (first - lowest) / first < FLAT:
        return Diagnosis("not_learning", N_("Not learning: the loss stays flat (learning rate too small, or the model cannot fit)"), 1)
    vals = [v for v in val_loss if v is not None and math.isfinite(v)]
    if len(vals) == len(train_loss):
        val_s, train_s = smooth(vals), smooth(train_loss)
        best = min(range(len(val_s)), key=val_s.__getitem__)
        after = len(val_s) - 1 - best
        rising = val_s[-1] > val_s[best] * (1 + RISE) if val_s[best] > 0 else val_s[-1] > val_s[best] + RISE
        train_falling = train_s[-1] < train_s[best]
        if after >= max(AFTER, len(vals) // 10) and rising and train_falling:
            epoch = offset + best + 1
            return Diagnosis("overfitting", OVERFITTING.format(epoch=epoch), epoch)
    return Diagnosis("healthy", N_("Healthy: training and validation loss go down together"))


RECENT = 200  # epochs the tracker looks at: constant work per epoch, even in a 100 000-epoch run


class DiagnosisTracker:
    """Feeds `diagnose` epoch by epoch; returns a Diagnosis only when the announced state changes."""

    def __init__(self) -> None:
        self.announced: str | None = None
        self._pending: str | None = None
        self._held = 0
        self._lowest = math.inf

    def update(self, train_loss: list[float], val_loss: list[float | None], *, skipped: int = 0) -> Diagnosis | None:
        """`skipped`: epochs left out of the lists after the first (a long run's resumed checkpoint keeps its recent ones)."""
        if not train_loss:
            return None
        if math.isfinite(train_loss[-1]):
            self._lowest = min(self._lowest, train_loss[-1])
        offset = max(0, len(train_loss) - RECENT)
        diagnosis = diagnose(
            train_loss[offset:], val_loss[offset:], offset=offset + skipped, first=train_loss[0], lowest=min(self._lowest, train_loss[0])
        )
        if diagnosis is None or diagnosis.state == self.announced:
            self._pending, self._held = None, 0
            return None
        self._held = self._held + 1 if diagnosis.state == self._pending else 1
        self._pending = diagnosis.state
        if self._held >= HOLD or diagnosis.state == "diverging" or self.announced is None:
            self.announced, self._pending, self._held = diagnosis.state, None, 0
            return diagnosis
        return None

    def state_dict(self) -> dict[str, Any]:
        # The keys are the attribute names resume.pt files have always stored.
        return {"announced": self.announced, "_pending": self._pending, "_held": self._held, "_lowest": self._lowest}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.announced = state.get("announced", self.announced)
        self._pending = state.get("_pending", self._pending)
        self._held = state.get("_held", self._held)
        self._lowest = state.get("_lowest", self._lowest)
