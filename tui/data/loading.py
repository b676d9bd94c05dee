"""Datasets as arrays: load, split (stratified for classes), standardize with training statistics.

Loaders (tui/data/sources/) return the raw table (`RawData`); `load_dataset` does the rest the same way for all of them.
The trainer moves the arrays onto the training device once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from tui.core.config import DataConfig
from tui.core.errors import DataError
from tui.core.i18n import N_
from tui.core.plan import validation_size
from tui.core.vocabulary import CLASSIFICATION, Task
from tui.data import preprocessing
from tui.data.preprocessing import Preprocessing
from tui.data.raw import LOADERS, RawData
from tui.data.scaled_split import split_and_scale


@dataclass
class Dataset:
    """Split and scaled arrays ready for training."""

    name: str
    task: Task
    x_train: np.ndarray  # float32 (n_train, features)
    y_train: np.ndarray  # int64 class index or float32 target
    x_val: np.ndarray
    y_val: np.ndarray
    feature_names: list[str]
    class_names: list[str] | None = None
    target_mean: float = 0.0  # regression targets are standardized; these map back to target units
    target_scale: float = 1.0
    feature_mean: list[float] = field(default_factory=list)
    feature_scale: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what loading chose for the user (columns left out), one line each
    preprocessing: Preprocessing | None = None  # how table rows become x (fitted on the training split)

    def encoding(self) -> Preprocessing:
        """The fitted feature encoding (numeric columns only for a data set made without one)."""
        return self.preprocessing or preprocessing.numeric_only(self.feature_names, self.feature_mean, self.feature_scale)

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_classes(self) -> int | None:
        return len(self.class_names) if self.class_names is not None else None

    @cached_property  # hashing every array is the costly part; the arrays are not changed once split
    def fingerprint(self) -> str:
        """Changes whenever the examples or their split change (saved with each run)."""
        digest = hashlib.sha256()
        for array in (self.x_train, self.y_train, self.x_val, self.y_val):
            digest.update(np.ascontiguousarray(array).tobytes())
        return digest.hexdigest()[:16]


def load_raw(config: DataConfig, seed: int) -> RawData:
    _import_loaders()
    loader = LOADERS.get(config.dataset)
    if loader is None:
        raise DataError.about("data.dataset", N_("no loader for {dataset!r}; available: {loaders}").format(
            dataset=config.dataset, loaders=", ".join(sorted(LOADERS))))
    return loader(config, seed)


def load_dataset(config: DataConfig, seed: int) -> Dataset:
    raw = load_raw(config, seed)
    return prepare(raw, config, seed)


def prepare(raw: RawData, config: DataConfig, seed: int) -> Dataset:
    """Split (stratified for classes), then encode text columns and standardize with training-split statistics only."""
    y = np.asarray(raw.y)
    train_idx, val_idx = split_indices(y, raw.task, config.val_split, seed)
    if len(train_idx) == 0:
        raise DataError.about("data.val_split", N_("{split} leaves no training examples out of {count}").format(
            split=config.val_split, count=len(y)))
    frame = raw.frame()
    encoding = preprocessing.fit_columns(frame, train_idx)
    # Once: the statistics are fitted on the same training rows the run trains on. Numbers only: the table as loaded.
    as_loaded = not raw.text and raw.x.ndim == 2 and raw.x.dtype == np.float64 and raw.x.shape[1] == len(raw.feature_names)
    x = raw.x if as_loaded else encoding.encode(frame)
    encoding, x_train, x_val = split_and_scale(x, train_idx, val_idx, encoding, config.standardize)
    if raw.task == CLASSIFICATION:
        y_train, y_val = y[train_idx].astype(np.int64), y[val_idx].astype(np.int64)
        target_mean, target_scale = 0.0, 1.0
    else:
        y_float = y.astype(np.float64)
        y_train, y_val = y_float[train_idx], y_float[val_idx]
        target_mean, target_scale = 0.0, 1.0
        with np.errstate(over="ignore", invalid="ignore"):
            if config.standardize and len(y_train) > 1 and y_train.std() > 0:
                target_mean, target_scale = float(y_train.mean()), float(y_train.std())
            y_train = ((y_train - target_mean) / target_scale).astype(np.float32)
            y_val = ((y_val - target_mean) / target_scale).astype(np.float32)
        _refuse_overflow(TARGET_TOO_LARGE, [str(config.target or "target")], [target_mean], [target_scale], y_train, y_val)
    _refuse_overflow(FEATURE_TOO_LARGE, encoding.encoded_names, encoding.mean, encoding.scale, x_train, x_val)
    return Dataset(
        name=config.dataset,
        task=raw.task,
        x_train=x_train,
        y_train=y_train,
        x_val=x_val,
        y_val=y_val,
        feature_names=encoding.encoded_names,
        class_names=raw.class_names,
        target_mean=target_mean,
        target_scale=target_scale,
        feature_mean=list(encoding.mean),
        feature_scale=list(encoding.scale),
        preprocessing=encoding,
        notes=list(raw.notes),
    )


TARGET_TOO_LARGE = N_("the target column {name!r} holds numbers too large to train on (their scale overflows; float32 ends near "
                      "3.4e38); rescale that column (for example to other units, or its logarithm)")
FEATURE_TOO_LARGE = N_("feature column {name!r} holds numbers too large to train on (their scale overflows; float32 ends near "
                       "3.4e38); rescale that column (for example to other units, or its logarithm)")


def _refuse_overflow(message: str, names: list[str], mean: object, scale: object, *arrays: np.ndarray) -> None:
    """Numbers too large to scale (their spread overflows) or to train on (beyond float32) are a data problem,
    not a diverging run: refuse them naming the column, instead of training on zeros or NaN."""
    bad = ~(np.isfinite(np.asarray(mean, dtype=np.float64)) & np.isfinite(np.asarray(scale, dtype=np.float64)))
    for array in arrays:
        if array.size:
            bad |= ~np.isfinite(array.reshape(len(array), -1)).all(axis=0)
    if bad.any():
        name = names[int(np.flatnonzero(bad)[0])]
        raise DataError(message.format(name=name))


def split_indices(y: np.ndarray, task: str, val_split: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Shuffled train/validation indices; per class for classification so both keep its share.

    Each split comes back sorted, except the training order without a validation split, which stays the
    seed's permutation: saved runs' data fingerprints hash that order, so sorting it would refuse their resume."""
    n = len(y)
    rng = np.random.default_rng(seed)
    if val_split == 0 or n < 2:
        return rng.permutation(n), np.array([], dtype=np.int64)
    if task != CLASSIFICATION:
        order = rng.permutation(n)
        n_val = validation_size(n, val_split)
        return np.sort(order[n_val:]), np.sort(order[:n_val])
    train, val = [], []
    for cls in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == cls))
        if len(members) < 2:
            raise DataError(
                N_("class {label!r} has only {count} example; a stratified split needs at least 2 per class "
                   "(remove the class, add examples, or set data.val_split = 0)").format(label=cls.item(), count=len(members))
            )
        n_val = validation_size(len(members), val_split)
        val.append(members[:n_val])
        train.append(members[n_val:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(val))


def _import_loaders() -> None:
    # Loader modules register themselves on import; imported lazily to keep start-up light.
    from tui.data import sources  # noqa: F401
