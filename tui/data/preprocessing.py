"""Turning a table's feature columns into the network's input: fitted on the training split, applied to any rows.

One implementation for training and for `nn-tui predict` / `evaluate` / `export`, so a saved run encodes new
rows exactly as it encoded its own. A numeric column passes through; a text column becomes one 0/1 column per
category seen in the training rows (a category training never saw is all zeros). Standardization (the
training rows' mean and standard deviation) is fitted on the encoded columns. The fitted state is plain data
(`to_dict`/`from_dict`) and is saved with each run in model.json (docs/DESIGN.md §The run folder).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from tui.core.i18n import N_

NUMERIC = "numeric"
ONE_HOT = "one_hot"
ENCODINGS = (NUMERIC, ONE_HOT)

# A text column is one-hot encoded by default when it has 2 to this many distinct values and at most one
# per two rows; more (names, ids, free text) would add a column per row and teach nothing.
ONE_HOT_MAX_CATEGORIES = 20


def suits_one_hot(n_distinct: int, n_present: int) -> bool:
    return 2 <= n_distinct <= ONE_HOT_MAX_CATEGORIES and n_distinct * 2 <= n_present


@dataclass(frozen=True)
class FeatureColumn:
    """One input column of the table and how it becomes network inputs."""

    name: str
    encoding: str = NUMERIC  # NUMERIC or ONE_HOT
    categories: tuple[str, ...] = ()  # ONE_HOT: the training rows' values, sorted; one input each

    @property
    def encoded_names(self) -> list[str]:
        if self.encoding == NUMERIC:
            return [self.name]
        return [f"{self.name}={category}" for category in self.categories]


@dataclass(frozen=True)
class Preprocessing:
    """The fitted encoding and scaling of a run's features."""

    columns: tuple[FeatureColumn, ...]
    mean: tuple[float, ...]  # per encoded input; 0 without standardization
    scale: tuple[float, ...]  # per encoded input; 1 without standardization (and for a constant input)

    @property
    def input_columns(self) -> list[str]:
        """The table's columns the run needs, in order."""
        return [column.name for column in self.columns]

    @property
    def encoded_names(self) -> list[str]:
        """The network's inputs, in order (a one-hot column gives one per category, as `name=category`)."""
        return [name for column in self.columns for name in column.encoded_names]

    def encode(self, frame: Mapping[str, np.ndarray]) -> np.ndarray:
        """The encoded inputs before scaling, float64 (rows × encoded inputs); `frame` maps column names to values."""
        parts = [_encode_column(column, frame[column.name]) for column in self.columns]
        rows = len(frame[self.columns[0].name]) if self.columns else 0
        return np.hstack(parts) if parts else np.empty((rows, 0))

    def standardize(self, x: np.ndarray) -> np.ndarray:
        return (x - np.asarray(self.mean)) / np.asarray(self.scale)

    def transform(self, frame: Mapping[str, np.ndarray]) -> np.ndarray:
        """Encoded and scaled, float32: what the network takes."""
        return self.standardize(self.encode(frame)).astype(np.float32)

    def with_scaling(self, x_train: np.ndarray) -> Preprocessing:
        """The same encoding standardized by the encoded training rows' mean and standard deviation."""
        mean = x_train.mean(axis=0)
        scale = x_train.std(axis=0)
        scale[scale == 0] = 1.0  # a constant column stays constant instead of dividing by zero
        return Preprocessing(self.columns, tuple(float(v) for v in mean), tuple(float(v) for v in scale))

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": [
                {"name": c.name, "encoding": c.encoding, **({"categories": list(c.categories)} if c.encoding == ONE_HOT else {})}
                for c in self.columns
            ],
            "mean": list(self.mean),
            "scale": list(self.scale),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Preprocessing:
        """The inverse of `to_dict`; raises ValueError (KeyError, TypeError) for a malformed one."""
        columns = tuple(
            FeatureColumn(str(c["name"]), _encoding(c["encoding"]), tuple(str(v) for v in c.get("categories", ())))
            for c in data["columns"]
        )
        mean = tuple(float(v) for v in data["mean"])
        scale = tuple(float(v) for v in data["scale"])
        width = sum(len(c.encoded_names) for c in columns)
        if len(mean) != width or len(scale) != width:
            raise ValueError(N_("mean and scale need {width} values each (one per encoded input)").format(width=width))
        return cls(columns, mean, scale)


def numeric_only(names: list[str], mean: list[float], scale: list[float]) -> Preprocessing:
    return Preprocessing(tuple(FeatureColumn(name) for name in names), tuple(mean), tuple(scale))


def fit(frame: Mapping[str, np.ndarray], train_rows: np.ndarray, standardize: bool) -> Preprocessing:
    """Fit on the training rows: categories of text columns (object arrays), then mean and std of every input."""
    encoding = fit_columns(frame, train_rows)
    return encoding.with_scaling(encoding.encode(frame)[train_rows]) if standardize else encoding


def fit_columns(frame: Mapping[str, np.ndarray], train_rows: np.ndarray) -> Preprocessing:
    """The encoding of each column (the training rows' categories for text), without scaling."""
    columns = []
    for name, values in frame.items():
        if np.asarray(values).dtype.kind == "O" or np.asarray(values).dtype.kind == "U":
            categories = tuple(sorted({str(v) for v in np.asarray(values)[train_rows]}))
            columns.append(FeatureColumn(name, ONE_HOT, categories))
        else:
            columns.append(FeatureColumn(name))
    width = sum(len(column.encoded_names) for column in columns)
    return Preprocessing(tuple(columns), (0.0,) * width, (1.0,) * width)


def _encode_column(column: FeatureColumn, values: np.ndarray) -> np.ndarray:
    if column.encoding == NUMERIC:
        return np.asarray(values, dtype=np.float64).reshape(-1, 1)
    categories = np.asarray(column.categories, dtype=str)
    cells = np.asarray(values).astype(str)
    if len(categories) == 0:
        return np.zeros((len(cells), 0))
    at = np.searchsorted(categories, cells).clip(max=len(categories) - 1)
    known = categories[at] == cells  # an unseen category matches nothing: all zeros
    encoded = np.zeros((len(cells), len(categories)))
    encoded[np.flatnonzero(known), at[known]] = 1.0
    return encoded


def _encoding(value: Any) -> str:
    if value not in ENCODINGS:
        raise ValueError(N_("encoding {value!r} is not one of {allowed}").format(value=value, allowed=", ".join(ENCODINGS)))
    return str(value)
