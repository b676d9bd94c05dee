"""Where a run trains: the device asked for (or the best one present) and the CPU threads it uses."""

from __future__ import annotations

import os

import torch

from tui.core.errors import ConfigError
from tui.core.i18n import N_

SMALL_MODEL = 50_000  # parameters; below this one intra-op thread is as fast as more (docs/DESIGN.md §Speed)


def pick_device(name: str) -> torch.device:
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError(N_("training.device: {name!r} asked for but no CUDA GPU is available; use auto or cpu").format(name=name))
    if name.startswith("cuda:") and int(name.partition(":")[2]) >= torch.cuda.device_count():
        count = torch.cuda.device_count()
        few = N_("training.device: {name!r} asked for but this machine has {count} CUDA GPU(s): cuda:0 … cuda:{last}")
        raise ConfigError(few.format(name=name, count=count, last=count - 1))
    if name == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise ConfigError(N_("training.device: 'mps' asked for but Apple's MPS is not available; use auto or cpu"))
    return torch.device(name)


def pick_threads(setting: int | str, parameters: int) -> int:
    if setting != "auto":
        return int(setting)
    return 1 if parameters < SMALL_MODEL else max(1, min(4, os.cpu_count() or 1))
