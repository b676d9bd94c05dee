"""The learning-rate range test (Smith 2015; as Lightning's Tuner.lr_find and fastai's lr_find).

Train from the run's own start for a bounded number of steps while the learning rate grows exponentially
from `start_lr` to `end_lr`; stop when the smoothed loss explodes (4 × its lowest, as fastai does, or not
finite). The suggestion is the steepest descent of the smoothed curve, before its minimum (see `suggestion`).
Afterwards the weights, the optimizer state and the
random streams are put back exactly as they were: the finder changes nothing, and nothing is saved.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from tui.core.events import LrFound
from tui.training.state import copied
from tui.training.trainer import Trainer

START_LR, END_LR, STEPS = 1e-7, 10.0, 100
SMOOTHING = 0.98  # the moving average's weight on the past (fastai's beta)
SKIP_BEGIN = 10  # first points never suggested (Lightning's default): the average is still settling there
NEIGHBOURS = 11  # the curve's second smoothing, against batch noise (a tenth of the default ramp)
CLEAR_FALL = 0.1  # the curve must fall by a tenth of its height to suggest anything
EXPLODED = 4.0  # the smoothed loss above this × its lowest ends the test


def find_lr(trainer: Trainer, *, start_lr: float = START_LR, end_lr: float = END_LR, steps: int = STEPS) -> LrFound:
    """Run the range test on a set-up trainer (set up here if needed) and leave it as it was."""
    if trainer.model is None:
        trainer.setup()
    model, optimizer = trainer.model, trainer.optimizer
    assert model is not None
    saved = (copied(model.state_dict()), copied(optimizer.state_dict()), torch.get_rng_state())
    try:
        lrs, losses, exploded = _ramp(trainer, start_lr, end_lr, steps)
    finally:
        model.load_state_dict(saved[0])
        optimizer.load_state_dict(saved[1])
        torch.set_rng_state(saved[2])
    return LrFound(lrs=lrs, losses=losses, suggested_lr=suggestion(lrs, losses), steps=len(lrs), exploded=exploded)


def _ramp(trainer: Trainer, start_lr: float, end_lr: float, steps: int) -> tuple[list[float], list[float], bool]:
    model, optimizer, objective = trainer.model, trainer.optimizer, trainer.objective
    assert model is not None
    model.train()
    n, batch = trainer.plan.train_size, trainer.plan.batch_size
    generator = torch.Generator().manual_seed(trainer.config.seed)  # its own stream: the run's batch order is untouched
    clip = trainer.config.training.grad_clip
    lrs: list[float] = []
    losses: list[float] = []
    average, lowest = 0.0, math.inf
    order = torch.empty(0, dtype=torch.long)
    for step in range(steps):
        lr = start_lr * (end_lr / start_lr) ** (step / max(1, steps - 1))
        for group in optimizer.param_groups:
            group["lr"] = lr
        start = (step * batch) % n if batch < n else 0
        if start == 0 and batch < n:
            order = torch.randperm(n, generator=generator).to(trainer.device)
        rows = order[start : start + batch] if batch < n else slice(None)
        loss = objective.loss(model(trainer.x_train[rows]), trainer.t_train[rows])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_(list(model.parameters()), clip, foreach=True)
        optimizer.step()
        value = float(loss.detach())  # one read a step: the test is short and needs every loss
        average = SMOOTHING * average + (1 - SMOOTHING) * value
        smoothed = average / (1 - SMOOTHING ** (step + 1))
        if not math.isfinite(smoothed):
            return lrs, losses, True
        lrs.append(lr)
        losses.append(smoothed)
        lowest = min(lowest, smoothed)
        if step > 0 and smoothed > EXPLODED * lowest:
            return lrs, losses, True
    return lrs, losses, False


def suggestion(lrs: list[float], losses: list[float]) -> float | None:
    """Where the loss falls fastest against log(lr), before its lowest point; None when it hardly falls.

    Lightning's "steepest descent" (skipping the first 10 points), made sturdier against batch noise: the
    smoothed losses are averaged once more over 11 neighbours, and only the stretch up to the lowest loss
    counts, so a dip of noise at tiny rates or the cliff after the minimum is never suggested. A curve that
    falls by less than a tenth suggests nothing: the ramp was too short for this problem to learn anything.
    """
    skip = SKIP_BEGIN if len(losses) > SKIP_BEGIN + 3 else 0
    lowest = skip + int(np.argmin(losses[skip:]))
    if lowest - skip < 2:
        return None
    # Up to the lowest point only: the cliff after it would leak into the averages before it.
    kept = np.array(losses[: lowest + 1])
    curve = np.convolve(np.pad(kept, NEIGHBOURS // 2, mode="edge"), np.ones(NEIGHBOURS) / NEIGHBOURS, mode="valid")
    if curve[skip:].max() - curve[-1] < CLEAR_FALL * curve[skip:].max():
        return None  # a flat curve (nothing learnt in these steps): its steepest point would be noise
    slopes = np.gradient(curve, np.log10(np.array(lrs[: lowest + 1])))[skip:]
    steepest = int(slopes.argmin())
    return float(lrs[skip + steepest]) if slopes[steepest] < 0 else None
