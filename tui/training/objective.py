"""What the network's output means for a task and a loss: output size, targets, loss, predictions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from tui.core.config import check_loss_fits
from tui.core.vocabulary import REGRESSION, Task


def _half_sse(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    # The worked example's error, ½(prediction − target)², averaged over the batch.
    return 0.5 * (out - y).pow(2).mean()


def _hinge(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    # Targets are ±1; a margin of at least 1 costs nothing.
    return torch.clamp(1 - y * out, min=0).mean()


LossFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
REGRESSION_LOSSES: dict[str, LossFunction] = {"mse": F.mse_loss, "mae": F.l1_loss, "half_sse": _half_sse, "huber": F.huber_loss}


@dataclass(frozen=True)
class Objective:
    task: Task
    loss_name: str
    n_classes: int | None

    @classmethod
    def for_data(cls, task: Task, loss_name: str, n_classes: int | None) -> Objective:
        check_loss_fits(loss_name, task, n_classes)
        return cls(task, loss_name, n_classes)

    @property
    def single_logit(self) -> bool:
        """Binary losses (bce, hinge) and regression use one output unit."""
        return self.task == REGRESSION or self.loss_name in ("bce", "hinge")

    @property
    def out_features(self) -> int:
        return 1 if self.single_logit else int(self.n_classes or 2)

    def loss_targets(self, y: torch.Tensor) -> torch.Tensor:
        """Targets in the form the loss wants, prepared once (not per step)."""
        if self.task == REGRESSION:
            return y.float()
        if self.loss_name == "bce":
            return y.float()
        if self.loss_name == "hinge":
            return y.float() * 2 - 1
        return y.long()

    def loss(self, out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        if self.task == REGRESSION:
            return REGRESSION_LOSSES[self.loss_name](out.squeeze(1), target)
        if self.loss_name == "bce":
            return F.binary_cross_entropy_with_logits(out.squeeze(1), target)
        if self.loss_name == "hinge":
            return _hinge(out.squeeze(1), target)
        return F.cross_entropy(out, target)

    def predict(self, out: torch.Tensor) -> torch.Tensor:
        """Class index for classification; the value itself for regression."""
        if self.task == REGRESSION:
            return out.squeeze(1)
        if self.single_logit:
            return (out.squeeze(1) > 0).long()
        return out.argmax(dim=1)


def f1_score(pred: torch.Tensor, y: torch.Tensor, n_classes: int) -> float:
    """F1 of the positive class for two classes, macro-averaged F1 otherwise.

    Three counts per class, O(K) memory: a K x K confusion matrix took 2.3 GB for 10 000 classes."""
    tp = torch.bincount(y[pred == y], minlength=n_classes).double()
    precision_den = torch.bincount(pred, minlength=n_classes).double()
    recall_den = torch.bincount(y, minlength=n_classes).double()
    f1 = torch.where(precision_den + recall_den > 0, 2 * tp / (precision_den + recall_den).clamp(min=1), torch.zeros_like(tp))
    if n_classes == 2:
        return float(f1[1])
    return float(f1.mean())
