"""A dataset's size and shape without loading it (no torch, no sklearn): for forms and "what this means".

Built-in sets come from a static table, synthetic sets from their defaults and the config,
inline data from its x/y, and a CSV from one cheap pass over its text (which also validates it,
so a form can show a CSV's problem before training starts).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from tui.core.config import DATASET_TASKS, DataConfig
from tui.core.plan import validation_size
from tui.core.vocabulary import CLASSIFICATION, REGRESSION, Task
from tui.data.synthetic_sizes import SYNTHETIC_DEFAULTS, synthetic_features, synthetic_samples

if TYPE_CHECKING:
    from tui.data.columns import ColumnInfo  # numpy: imported when a CSV is read, not for the static cases


class DatasetShape(NamedTuple):
    n_examples: int  # rows before the train/validation split
    n_features: int
    n_classes: int | None  # None for regression
    task: Task
    # Examples per class when known without drawing the data (None: regression, or labels drawn at random)
    class_counts: tuple[int, ...] | None = None


# Examples per class of the classification sets scikit-learn ships (the split is stratified per class).
BUNDLED_CLASS_COUNTS: dict[str, tuple[int, ...]] = {
    "iris": (50, 50, 50),
    "wine": (59, 71, 48),
    "breast_cancer": (212, 357),
    "digits": (178, 182, 177, 183, 181, 182, 181, 179, 174, 180),
}

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
        return DatasetShape(n, features, classes, DATASET_TASKS[name], BUNDLED_CLASS_COUNTS.get(name))
    if name in SYNTHETIC_DEFAULTS:
        defaults = SYNTHETIC_DEFAULTS[name]
        n = synthetic_samples(name, data.n_samples)
        features = synthetic_features(name, data.n_features)
        return DatasetShape(n, features, defaults.n_classes, DATASET_TASKS[name], _synthetic_class_counts(name, n, data, seed))
    if name == "inline":
        task = data.task or REGRESSION
        labels = list(data.y or [])
        counts = tuple(labels.count(label) for label in sorted(set(labels), key=str)) if task == CLASSIFICATION else None
        return DatasetShape(len(data.x or []), len(data.x[0]) if data.x else 0, len(counts) if counts else None, task, counts)
    if name == "csv":
        return _csv_shape(data)
    raise ValueError(f"no shape known for dataset {name!r}")


def train_size(shape: DatasetShape, val_split: float) -> int:
    """Training examples after the split, as tui.data.loading.split_indices makes it: per class for classification."""
    if shape.class_counts and val_split > 0 and shape.n_examples >= 2:
        return shape.n_examples - sum(validation_size(count, val_split) for count in shape.class_counts)
    return shape.n_examples - validation_size(shape.n_examples, val_split)


def _synthetic_class_counts(name: str, n: int, data: DataConfig, seed: int) -> tuple[int, ...] | None:
    """Examples per class of a synthetic set, as its generator (tui.data.sources.synthetic) makes them."""
    if name in ("moons", "circles", "spiral"):  # two halves; the odd example goes to one class
        return (n // 2, n - n // 2)
    if name == "blobs":  # scikit-learn's make_blobs: n // centers each, the first n % centers one more
        centers = SYNTHETIC_DEFAULTS[name].n_classes or 3
        return tuple(n // centers + (1 if i < n % centers else 0) for i in range(centers))
    if name == "xor":  # labels drawn from noise: draw them as the loader does (numpy only, cheap)
        from tui.data.sources.synthetic import load_xor

        labels = load_xor(data, seed).y
        return tuple(int((labels == c).sum()) for c in (0, 1))
    return None  # high_dim: labels flipped at random by scikit-learn; the count may be off by one


def _stamp(path: str) -> tuple[int, int]:
    """Changes when the file does: a cached reading of an edited file is not used."""
    try:
        stat = os.stat(path)
        return (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (0, 0)  # let the reader report the problem


def csv_columns(path: str) -> list[ColumnInfo]:
    """Each column of a CSV file with what it holds (the setup form's column picker); DataError when it cannot be read."""
    return list(_csv_columns_cached(path, _stamp(path)))


@lru_cache(maxsize=4)
def _csv_columns_cached(path: str, stamp: tuple[int, int]) -> tuple[ColumnInfo, ...]:
    from pathlib import Path

    from tui.data.columns import describe_columns
    from tui.data.sources.csv_table import read_table

    return tuple(describe_columns(read_table(Path(path))))


def _csv_shape(data: DataConfig) -> DatasetShape:
    path = str(data.path)
    stamp = _stamp(path)
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
    width = 0
    for name in selection.features:
        if selection.is_text(name):  # one input per category (of all rows: training's may lack a rare one)
            width += len(set(selection.cells(name)))
        else:
            selection.numbers(name)  # a stray word in a feature column: report it now, as loading would
            width += 1
    counts = None
    if selection.task == CLASSIFICATION:
        import numpy as np

        labels, names = encode_classes(selection, val_split)
        counts = tuple(int(c) for c in np.bincount(labels, minlength=len(names)))
    return DatasetShape(len(selection.keep), width, len(counts) if counts else None, selection.task, counts)
