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

    x: np.ndarray  # (n, numeric features) float: the features not in `text`, in feature_names' order
    y: np.ndarray  # (n,) int class index, or float target
    task: Task
    feature_names: list[str]  # every feature column, numeric and text, in order
    class_names: list[str] | None = None  # label of each class index
    notes: list[str] = field(default_factory=list)  # one line each, shown when the run starts
    text: dict[str, np.ndarray] = field(default_factory=dict)  # text feature columns (object arrays), one-hot encoded later

    def frame(self) -> dict[str, np.ndarray]:
        """Each feature column by name, in order: numbers as floats, text as object arrays."""
        numeric = iter(range(self.x.shape[1] if self.x.ndim == 2 else 0))
        return {name: self.text[name] if name in self.text else self.x[:, next(numeric)] for name in self.feature_names}


Loader = Callable[[DataConfig, int], RawData]
LOADERS: dict[str, Loader] = {}


def register(*names: str) -> Callable[[Loader], Loader]:
    def wrap(loader: Loader) -> Loader:
        for name in names:
            LOADERS[name] = loader
        return loader

    return wrap
