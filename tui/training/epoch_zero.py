"""Epoch 0: the loss and metrics of both splits before the first update, the curves' honest first point.

A curve that starts at epoch 1 hides where training began: multiclass cross-entropy starts near
ln 10 = 2.30, which epoch 1's mean over its own updates (1.93) never shows. It is an `epoch` event
with epoch 0, so every face draws and writes it like the others; it is not a training epoch: early
stopping, the divergence bound, the curve diagnosis and the loss histories never see it.
"""

from __future__ import annotations

import time

import torch

from tui.core.events import EpochEnded
from tui.training.objective import Objective
from tui.training.scoring import evaluate


def epoch_zero(model: torch.nn.Module, objective: Objective, train: tuple[torch.Tensor, ...], val: tuple[torch.Tensor, ...], *,
               target_scale: float) -> EpochEnded:
    """Both splits scored with the untrained model; `train` and `val` are (x, loss targets, labels). No random state is used."""
    started = time.perf_counter()
    scored = evaluate(model, objective, *train, target_scale=target_scale)
    checked = evaluate(model, objective, *val, target_scale=target_scale) if len(val[0]) else {}
    return EpochEnded(
        epoch=0,
        global_step=0,
        train_loss=scored["loss"],
        val_loss=checked.get("loss"),
        train_accuracy=scored.get("accuracy"),
        val_accuracy=checked.get("accuracy"),
        val_f1=checked.get("f1"),
        val_mae=checked.get("mae"),
        seconds=time.perf_counter() - started,
        train_mae=scored.get("mae"),
        elapsed=0.0,
    )
