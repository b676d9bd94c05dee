"""What a dataset loader returns (`RawData`) and how it makes itself known (`register`).

Its own module so that the loaders in tui/data/sources/ need not import tui.data.loading,
which imports them (lazily) to fill LOADERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from tui.core.config import DataConfig
from tui.core.vocabulary import Task


@dataclass
class RawData:
    """A whole dataset before splitting. Classification targets are class indices 0..K-1."""

    x: np.ndarray  # (n, features) float
    y: np.ndarray  # (n,) int class index, or float target
    task: Task
    feature_names: list[str]
    class_names: list[str] | None = None  # label of each class index
    notes: list[str] = field(default_factory=list)  # one line each, shown when the run starts


Loader = Callable[[DataConfig, int], RawData]
LOADERS: dict[str, Loader] = {}


def register(*names: str) -> Callable[[Loader], Loader]:
    def wrap(loader: Loader) -> Loader:
        for name in names:
            LOADERS[name] = loader
        return loader

    return wrap
