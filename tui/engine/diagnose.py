"""Name the state of the training curves in the lecture's words."""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_EPOCHS = 5  # too few points say nothing about a trend
FLAT = 0.01  # under 1 % total improvement of the training loss: not learning
RISE = 0.05  # validation loss 5 % above its minimum ...
AFTER = 3  # ... for at least this many epochs after it: overfitting


@dataclass(frozen=True)
class Diagnosis:
    state: str  # "healthy" | "not_learning" | "overfitting" | "diverging"
    message: str
    since_epoch: int | None = None


def diagnose(train_loss: list[float], val_loss: list[float | None]) -> Diagnosis | None:
    """Diagnosis from the per-epoch losses so far (index 0 = epoch 1); None while too early to tell."""
    if train_loss and not math.isfinite(train_loss[-1]):
        return Diagnosis("diverging", "Diverging: the loss is no longer a finite number (learning rate too large?)")
    if len(train_loss) >= 3 and train_loss[-1] > 2 * train_loss[0] and train_loss[-1] > train_loss[-2] > train_loss[-3]:
        return Diagnosis("diverging", "Diverging: the training loss keeps rising (learning rate too large?)")
    if len(train_loss) < MIN_EPOCHS:
        return None
    first, last = train_loss[0], min(train_loss)
    if first > 0 and (first - last) / first < FLAT:
        return Diagnosis("not_learning", "Not learning: the loss stays flat (learning rate too small, or the model cannot fit)", 1)
    vals = [v for v in val_loss if v is not None and math.isfinite(v)]
    if len(vals) == len(train_loss):
        best = min(range(len(vals)), key=vals.__getitem__)
        after = len(vals) - 1 - best
        rising = vals[-1] > vals[best] * (1 + RISE) if vals[best] > 0 else vals[-1] > vals[best] + RISE
        train_falling = train_loss[-1] < train_loss[best]
        if after >= AFTER and rising and train_falling:
            epoch = best + 1
            return Diagnosis(
                "overfitting",
                f"Overfitting since epoch {epoch}: validation loss rises while training loss falls",
                epoch,
            )
    return Diagnosis("healthy", "Healthy: training and validation loss go down together")
