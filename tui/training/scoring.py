"""A split's loss and the task's metrics, computed on the device and read once."""

from __future__ import annotations

import torch

from tui.core.vocabulary import CLASSIFICATION
from tui.training.objective import Objective, f1_score

EVAL_CHUNK = 65_536  # rows per forward pass when evaluating large sets


@torch.no_grad()
def score(objective: Objective, out: torch.Tensor, t: torch.Tensor, y: torch.Tensor, *, target_scale: float,
          f1: bool = True) -> dict[str, float]:
    """Loss and metrics of outputs against targets (every loss here is a per-example mean).

    `target_scale` turns a regression error back into the target's own units; `f1=False` skips the
    F1 score: only the validation F1 is reported.
    """
    result = {"loss": float(objective.loss(out, t))}
    pred = objective.predict(out)
    if objective.task == CLASSIFICATION:
        result["accuracy"] = float((pred == y).float().mean())
        if f1:
            result["f1"] = f1_score(pred, y.long(), int(objective.n_classes or 2))
    else:
        result["mae"] = float((pred - t).abs().mean()) * target_scale
    return result


@torch.no_grad()
def evaluate(model: torch.nn.Module, objective: Objective, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor, *,
             target_scale: float) -> dict[str, float]:
    """Loss and the task's metrics over a whole split, in chunks so big sets fit."""
    model.eval()  # the epoch loop switches back to training mode first thing
    out = torch.cat([model(x[i : i + EVAL_CHUNK]) for i in range(0, len(x), EVAL_CHUNK)])
    return score(objective, out, t, y, target_scale=target_scale)
