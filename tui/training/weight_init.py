"""`model.weight_init`: how the linear layers start, by the schemes' usual names."""

from __future__ import annotations

import torch
from torch import nn


def init_weights(model: nn.Sequential, kind: str) -> None:
    """default keeps torch's own (Kaiming uniform, a=√5); xavier (Glorot) and he (Kaiming, for ReLU) draw the
    weights and zero the biases; zeros sets everything to 0, which makes every unit of a layer the same."""
    if kind == "default":
        return
    with torch.no_grad():
        for layer in model.children():
            if not isinstance(layer, nn.Linear):
                continue
            if kind == "xavier":
                nn.init.xavier_uniform_(layer.weight)
            elif kind == "he":
                nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
            else:
                nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)
