"""Issue 13: the plan's train/validation counts are the real (stratified) split, computed without loading."""

from __future__ import annotations

import pytest

from tui.core.config import DataConfig
from tui.data.catalog import dataset_shape, train_size
from tui.data.loading import load_dataset

CASES = [
    ("iris", None, 0.2), ("iris", None, 0.33), ("wine", None, 0.2), ("wine", None, 0.15), ("breast_cancer", None, 0.2),
    ("digits", None, 0.1), ("diabetes", None, 0.2), ("moons", 301, 0.23), ("circles", 57, 0.2), ("spiral", 403, 0.3),
    ("blobs", 100, 0.2), ("blobs", 302, 0.17), ("xor", 211, 0.2), ("linear", 97, 0.3), ("sine", 55, 0.1),
]


@pytest.mark.parametrize(("dataset", "n_samples", "val_split"), CASES)
def test_the_plans_split_is_the_loaded_split(dataset, n_samples, val_split):
    data = DataConfig(dataset=dataset, n_samples=n_samples, val_split=val_split)
    loaded = load_dataset(data, seed=7)
    shape = dataset_shape(data, seed=7)
    assert train_size(shape, val_split) == len(loaded.y_train)
    assert shape.n_examples - train_size(shape, val_split) == len(loaded.y_val)


def test_inline_and_csv_classification_split_per_class(tmp_path):
    y = [0] * 7 + [1] * 5 + [2] * 3
    data = DataConfig(dataset="inline", x=[[float(i)] for i in range(15)], y=y, task="classification", val_split=0.3)
    assert train_size(dataset_shape(data), 0.3) == len(load_dataset(data, seed=0).y_train)
    csv = tmp_path / "t.csv"
    csv.write_text("a,label\n" + "".join(f"{i * i},{'cat' if i % 3 else 'dog'}\n" for i in range(41)))
    data = DataConfig(dataset="csv", path=str(csv), target="label", val_split=0.25)
    assert train_size(dataset_shape(data), 0.25) == len(load_dataset(data, seed=0).y_train)
