"""Symmetry: hidden units that start equal get equal gradients and stay equal (zero initial weights do that).

After the first epoch the Trainer looks once: a hidden layer whose units all still have the same weights
and bias is named in a `Symmetric` event, which the notices explain. Once is enough: plain gradient descent
never breaks the tie, and checking every epoch would read the weights back for nothing.
"""

from __future__ import annotations

import torch
from torch import nn

from tui.core.events import Symmetric


@torch.no_grad()
def symmetric_layers(model: nn.Sequential) -> list[tuple[str, int]]:
    """(name, units) of each hidden linear layer of more than one unit whose units are all identical."""
    linear = [(name, layer) for name, layer in model.named_children() if isinstance(layer, nn.Linear)]
    found = []
    for name, layer in linear[:-1]:  # the output layer's units answer different targets: never tied for long
        weight, bias = layer.weight, layer.bias
        if layer.out_features > 1 and bool((weight == weight[0]).all()) and bool((bias == bias[0]).all()):
            found.append((name, layer.out_features))
    return found


def symmetry_event(model: nn.Sequential, epoch: int) -> Symmetric | None:
    found = symmetric_layers(model)
    if not found:
        return None
    return Symmetric(epoch, [name for name, _ in found], [units for _, units in found])
