"""Real tabular datasets that scikit-learn ships (offline, no download)."""

from __future__ import annotations

import numpy as np

from tui.core.config import DataConfig
from tui.core.vocabulary import CLASSIFICATION, REGRESSION
from tui.data.raw import RawData, register


@register("iris", "wine", "breast_cancer", "digits", "diabetes")
def load_bundled(config: DataConfig, seed: int) -> RawData:
    from sklearn import datasets as sk  # imported here: sklearn costs ~0.5 s

    loaders = {
        "iris": sk.load_iris,
        "wine": sk.load_wine,
        "breast_cancer": sk.load_breast_cancer,
        "digits": sk.load_digits,
        "diabetes": sk.load_diabetes,
    }
    bunch = loaders[config.dataset]()
    names = [str(n) for n in getattr(bunch, "feature_names", [f"x{i}" for i in range(bunch.data.shape[1])])]
    if config.dataset == "diabetes":
        return RawData(np.asarray(bunch.data), np.asarray(bunch.target, dtype=np.float64), REGRESSION, names)
    classes = [str(c) for c in getattr(bunch, "target_names", np.unique(bunch.target))]
    return RawData(np.asarray(bunch.data), np.asarray(bunch.target, dtype=np.int64), CLASSIFICATION, names, classes)
