"""Synthetic datasets with size, noise and seed."""

from __future__ import annotations

import numpy as np

from ..config import DataConfig
from ..data import RawData, register


@register("high_dim")
def load_high_dim(config: DataConfig, seed: int) -> RawData:
    """A binary problem in many dimensions (the lecture's 35000-example scenario)."""
    from sklearn.datasets import make_classification

    n = config.n_samples or 43750  # 35000 training examples with val_split 0.2
    n_features = config.n_features or 20
    x, y = make_classification(
        n_samples=n,
        n_features=n_features,
        n_informative=min(n_features, max(2, n_features // 2)),
        n_redundant=min(n_features // 4, max(0, n_features - max(2, n_features // 2))),
        flip_y=config.noise if config.noise is not None else 0.05,
        class_sep=0.8,
        random_state=seed,
    )
    return RawData(x, y.astype(np.int64), "classification", [f"x{i + 1}" for i in range(n_features)], ["0", "1"])
