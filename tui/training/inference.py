"""A trained network as it is used on new rows: raw encoded features in, probabilities or target values out.

The training split's scaling is the first step and the output head the last, inside one module, so predict,
evaluate and the ONNX and TorchScript exports compute the same thing (docs/DESIGN.md §The run folder).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn


class InferenceNetwork(nn.Module):
    """(rows × encoded inputs, float32, unscaled) → class probabilities (rows × classes) or values (rows × 1).

    `head`: "softmax" (one output per class), "sigmoid" (one output for two classes: [1 − p, p]) or
    "identity" (regression: the output times the target's scale plus its mean, in the target's units).
    """

    def __init__(
        self,
        network: nn.Module,
        mean: Sequence[float],
        scale: Sequence[float],
        head: str,
        target_mean: float = 0.0,
        target_scale: float = 1.0,
    ) -> None:
        super().__init__()
        self.network = network
        self.mean: torch.Tensor
        self.scale: torch.Tensor
        self.register_buffer("mean", torch.tensor(list(mean), dtype=torch.float32))
        self.register_buffer("scale", torch.tensor(list(scale), dtype=torch.float32))
        self.head = head
        self.target_mean = float(target_mean)
        self.target_scale = float(target_scale)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.from_scaled((features - self.mean) / self.scale)

    def from_scaled(self, x: torch.Tensor) -> torch.Tensor:
        """The same for inputs already scaled (the training split's own arrays)."""
        out = self.network(x)
        if self.head == "softmax":
            return torch.softmax(out, dim=1)
        if self.head == "sigmoid":
            positive = torch.sigmoid(out)
            return torch.cat([1 - positive, positive], dim=1)
        return out * self.target_scale + self.target_mean

    @torch.no_grad()
    def predict(self, features: torch.Tensor, *, scaled: bool = False, chunk: int = 65_536) -> torch.Tensor:
        """forward (or from_scaled) over `features` in chunks, without gradients."""
        self.eval()
        step = self.from_scaled if scaled else self.forward
        parts = [step(features[start : start + chunk]) for start in range(0, len(features), chunk)]
        return torch.cat(parts) if parts else step(features)
