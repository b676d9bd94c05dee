"""The network: a fully connected stack, named like the lecture's printed model."""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn

from tui.core.config import ModelConfig
from tui.core.errors import ConfigError
from tui.core.i18n import N_
from tui.training.weight_init import init_weights

ACTIVATION_LAYERS = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "leaky_relu": nn.LeakyReLU,
    "gelu": nn.GELU,
    "identity": nn.Identity,
}


def build_model(config: ModelConfig, n_inputs: int, n_outputs: int) -> nn.Sequential:
    """input → [hidden_i → activation (→ dropout)]* → output. Layers are named hidden1, act1, drop1, ..., output.

    Dropout is active in training mode only: evaluation puts the model in eval mode (tui.training.scoring).
    """
    layers: OrderedDict[str, nn.Module] = OrderedDict()
    width = n_inputs
    for i, size in enumerate(config.hidden, start=1):
        layers[f"hidden{i}"] = nn.Linear(width, size)
        layers[f"act{i}"] = ACTIVATION_LAYERS[config.activation]()
        if config.dropout > 0:
            layers[f"drop{i}"] = nn.Dropout(config.dropout)
        width = size
    layers["output"] = nn.Linear(width, n_outputs)
    model = nn.Sequential(layers)
    init_weights(model, config.weight_init)
    if config.init is not None:
        apply_init(model, config)
    return model


def linear_layers(model: nn.Sequential) -> list[tuple[str, nn.Linear]]:
    return [(name, layer) for name, layer in model.named_children() if isinstance(layer, nn.Linear)]


def apply_init(model: nn.Sequential, config: ModelConfig) -> None:
    """Load explicit initial weights written as x · W + b (a row per input, a column per neuron)."""
    layers = linear_layers(model)
    assert config.init is not None
    if len(config.init) != len(layers):
        mismatch = N_("model.init: gives {given} layers but the network has {layers} linear layers")
        raise ConfigError(mismatch.format(given=len(config.init), layers=len(layers)))
    with torch.no_grad():
        for i, ((name, layer), values) in enumerate(zip(layers, config.init)):
            weight = torch.tensor(values.weight, dtype=torch.float32)
            expected = (layer.in_features, layer.out_features)
            if tuple(weight.shape) != expected:
                shape = N_(
                    "model.init[{index}].weight ({layer}): shape {shape} but the layer needs {rows} rows (inputs) x {columns} columns "
                    "(neurons)"
                )
                raise ConfigError(shape.format(index=i, layer=name, shape=tuple(weight.shape), rows=expected[0], columns=expected[1]))
            if len(values.bias) != layer.out_features:
                count = N_("model.init[{index}].bias ({layer}): {values} values but the layer has {neurons} neurons")
                raise ConfigError(count.format(index=i, layer=name, values=len(values.bias), neurons=layer.out_features))
            layer.weight.copy_(weight.T)
            layer.bias.copy_(torch.tensor(values.bias, dtype=torch.float32))
