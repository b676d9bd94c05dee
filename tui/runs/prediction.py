"""A saved run applied to new rows: its own preprocessing, then its network, batch by batch (bounded memory)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch

from tui.core.vocabulary import CLASSIFICATION
from tui.data.preprocessing import ONE_HOT, Preprocessing
from tui.data.row_batches import NUMBER, TEXT, read_batches
from tui.runs.saved_model import SavedModel


def feature_kinds(features: Preprocessing) -> dict[str, str]:
    """The input columns a run needs and how each is read (a one-hot column as text)."""
    return {column.name: TEXT if column.encoding == ONE_HOT else NUMBER for column in features.columns}


def outputs(saved: SavedModel, features: np.ndarray) -> np.ndarray:
    """Encoded, unscaled float32 rows → probabilities (rows × classes) or values in target units (rows × 1)."""
    return saved.network.predict(torch.as_tensor(features, dtype=torch.float32)).numpy()


def labels(saved: SavedModel, out: np.ndarray) -> list[str]:
    """Each row's prediction as the file's own words: the class name, or the value."""
    names = saved.description.class_names
    if saved.description.task == CLASSIFICATION and names:
        return [names[i] for i in out.argmax(axis=1)]
    return [number_text(value) for value in out[:, 0]]


def number_text(value: float) -> str:
    return f"{float(value):.6g}"


def prediction_header(saved: SavedModel) -> list[str]:
    return ["prediction", *saved.description.output_columns]


def prediction_rows(saved: SavedModel, path: Path) -> Iterator[list[list[str]]]:
    """predict's rows for the file at `path`, one list per batch: the prediction, then each class's probability."""
    features = saved.description.features
    for frame in read_batches(path, feature_kinds(features)):
        out = outputs(saved, features.encode(frame).astype(np.float32))
        predicted = labels(saved, out)
        if saved.description.task == CLASSIFICATION:
            yield [[label, *(number_text(p) for p in probabilities)] for label, probabilities in zip(predicted, out)]
        else:
            yield [[label] for label in predicted]
