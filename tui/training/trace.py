"""Step trace for tiny networks: every layer's values, the loss, each gradient and each update.

Weights are shown as the lecture writes them, x · W + b: a row per input, a column per neuron
(torch stores the transpose).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from tui.core.events import StepTraced

MAX_TRACE_PARAMETERS = 100


def _lecture(name: str, tensor: torch.Tensor) -> list[Any]:
    value = tensor.detach().cpu()
    if name.endswith("weight"):
        value = value.T
    return value.tolist()


class StepTracer:
    def __init__(self, model: nn.Sequential) -> None:
        self.model = model

    @torch.no_grad()
    def capture_before(self, xb: torch.Tensor, tb: torch.Tensor, out: torch.Tensor, loss: torch.Tensor) -> dict[str, Any]:
        """Called after backward, before the optimizer step."""
        forward: dict[str, Any] = {}
        values = xb
        for name, layer in self.model.named_children():
            values = layer(values)
            if not isinstance(layer, nn.Identity):
                forward[name] = values.cpu().tolist()
        return {
            "inputs": xb.cpu().tolist(),
            "target": tb.cpu().tolist(),
            "forward": forward,
            "prediction": out.detach().squeeze(1).cpu().tolist() if out.shape[1] == 1 else out.detach().cpu().tolist(),
            "loss": float(loss),
            "gradients": {n: _lecture(n, p.grad) for n, p in self.model.named_parameters() if p.grad is not None},
        }

    def event(self, before: dict[str, Any], *, step: int, epoch: int, lr: float) -> StepTraced:
        updated = {n: _lecture(n, p) for n, p in self.model.named_parameters()}
        return StepTraced(step=step, epoch=epoch, updated=updated, lr=lr, **before)


@torch.no_grad()
def lecture_layers(model: nn.Module) -> list[dict[str, Any]]:
    """Each linear layer's weights as model.init writes them: {"weight": a row per input, "bias": [...]}."""
    return [
        {"weight": module.weight.detach().cpu().T.tolist(), "bias": module.bias.detach().cpu().tolist()}
        for module in model.children()
        if isinstance(module, nn.Linear)
    ]
