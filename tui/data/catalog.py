"""A dataset's size and shape without loading it (no torch, no sklearn): for forms and "what this means".

Built-in sets come from a static table, synthetic sets from their defaults and the config,
inline data from its x/y, and a CSV from one cheap pass over its text (which also validates it,
so a form can show a CSV's problem before training starts).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import NamedTuple

from tui.core.config import DATASET_TASKS, DataConfig
from tui.core.plan import validation_size
from tui.core.vocabulary import CLASSIFICATION, REGRESSION, Task
from tui.data.synthetic_sizes import SYNTHETIC_DEFAULTS, synthetic_features, synthetic_samples


class DatasetShape(NamedTuple):
    n_examples: int  # rows before the train/validation split
    n_features: int
    n_classes: int | None  # None for regression
    task: Task


# The data sets scikit-learn ships: (examples, features, classes).
BUNDLED_SHAPES: dict[str, tuple[int, int, int | None]] = {
    "iris": (150, 4, 3),
    "wine": (178, 13, 3),
    "breast_cancer": (569, 30, 2),
    "digits": (1797, 64, 10),
    "diabetes": (442, 10, None),
}


def dataset_shape(data: DataConfig, seed: int = 0) -> DatasetShape:
    """(examples, features, classes or None, task) for a data config.

    Raises DataError for what loading would refuse: a bad CSV, or a dimension a synthetic set cannot have.
    """
    name = data.dataset
    if name in BUNDLED_SHAPES:
        n, features, classes = BUNDLED_SHAPES[name]
        return DatasetShape(n, features, classes, DATASET_TASKS[name])
    if name in SYNTHETIC_DEFAULTS:
        defaults = SYNTHETIC_DEFAULTS[name]
        n = synthetic_samples(name, data.n_samples)
        return DatasetShape(n, synthetic_features(name, data.n_features), defaults.n_classes, DATASET_TASKS[name])
    if name == "inline":
        task = data.task or REGRESSION
        classes = len(set(data.y or [])) if task == CLASSIFICATION else None
        return DatasetShape(len(data.x or []), len(data.x[0]) if data.x else 0, classes, task)
    if name == "csv":
        return _csv_shape(data)
    raise ValueError(f"no shape known for dataset {name!r}")


def train_size(shape: DatasetShape, val_split: float) -> int:
    """Training examples after the split (the per-class split of classification may differ by one or two)."""
    return shape.n_examples - validation_size(shape.n_examples, val_split)


def _csv_shape(data: DataConfig) -> DatasetShape:
    path = str(data.path)
    try:
        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)  # let the reader report the problem
    features = tuple(data.features) if data.features is not None else None
    return _csv_shape_cached(path, stamp, str(data.target), features, data.task, data.drop_missing, data.val_split)


@lru_cache(maxsize=16)
def _csv_shape_cached(
    path: str,
    stamp: tuple[int, int],
    target: str,
    features: tuple[str, ...] | None,
    task: Task | None,
    drop: bool,
    val_split: float,
) -> DatasetShape:
    # Imported here: the reader pulls in numpy, which the static cases do not need.
    from pathlib import Path

    from tui.data.sources.csv_file import encode_classes, select
    from tui.data.sources.csv_table import read_table

    config = DataConfig(
        dataset="csv",
        path=path,
        target=target,
        features=list(features) if features is not None else None,
        task=task,
        drop_missing=drop,
        val_split=val_split,
    )
    selection = select(read_table(Path(path)), config)
    for name in selection.features:
        selection.numbers(name)  # a stray word in a feature column: report it now, as loading would
    classes = None
    if selection.task == CLASSIFICATION:
        classes = len(encode_classes(selection, val_split)[1])
    return DatasetShape(len(selection.keep), len(selection.features), classes, selection.task)
