"""Optimizers by name, fused where torch has a fused kernel for the device."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import torch

from tui.core.config import TrainingConfig


def build_optimizer(config: TrainingConfig, params: Iterable[torch.nn.Parameter], device: torch.device) -> torch.optim.Optimizer:
    params = list(params)
    lr, wd = config.lr, config.weight_decay
    if config.optimizer == "sgd":
        return _fused(torch.optim.SGD, params, device, lr=lr, momentum=config.momentum, nesterov=config.nesterov, weight_decay=wd)
    if config.optimizer == "adam":
        return _fused(torch.optim.Adam, params, device, lr=lr, weight_decay=wd)
    if config.optimizer == "adamw":
        return _fused(torch.optim.AdamW, params, device, lr=lr, weight_decay=wd)
    if config.optimizer == "adagrad":
        return _fused(torch.optim.Adagrad, params, device, lr=lr, weight_decay=wd)
    return torch.optim.RMSprop(params, lr=lr, momentum=config.momentum, weight_decay=wd, foreach=True)


def _fused(cls: Callable[..., torch.optim.Optimizer], params: list, device: torch.device, **kwargs: Any) -> torch.optim.Optimizer:
    # Fused kernels exist for CPU and CUDA in recent torch; fall back to foreach where one is missing.
    try:
        return cls(params, fused=True, **kwargs)
    except (RuntimeError, TypeError, ValueError):
        return cls(params, foreach=True, **kwargs)
