"""prepare and load_dataset on hand-made arrays: the split's seed, standardization with training statistics only."""

from __future__ import annotations

import numpy as np
import pytest

from tui.core.config import DataConfig
from tui.core.errors import DataError
from tui.core.vocabulary import CLASSIFICATION, REGRESSION
from tui.data.loading import load_dataset, load_raw, prepare, split_indices
from tui.data.raw import LOADERS, RawData

X = np.array([[1.0, 5.0], [2.0, 5.0], [4.0, 5.0], [7.0, 5.0], [11.0, 5.0], [16.0, 5.0], [22.0, 5.0], [29.0, 5.0]])
Y = np.array([0.1, 0.3, 0.2, 0.5, 0.4, 0.6, 0.8, 0.7])  # spread below 1 on purpose
RAW = RawData(x=X, y=Y, task=REGRESSION, feature_names=["a", "constant"])


def test_features_and_targets_are_scaled_with_training_statistics_only() -> None:
    data = prepare(RAW, DataConfig(dataset="iris", val_split=0.25), seed=3)
    train, val = split_indices(Y, REGRESSION, 0.25, seed=3)
    mean, std = X[train, 0].mean(), X[train, 0].std()
    assert data.x_train[:, 0] == pytest.approx((X[train, 0] - mean) / std, abs=1e-6)
    assert data.x_val[:, 0] == pytest.approx((X[val, 0] - mean) / std, abs=1e-6)
    # A constant column keeps scale 1 (no division by zero) and becomes all zeros.
    assert data.feature_scale == pytest.approx([std, 1.0]) and data.feature_mean == pytest.approx([mean, 5.0])
    assert data.x_train[:, 1].tolist() == [0.0] * len(train)
    y_mean, y_std = Y[train].mean(), Y[train].std()
    assert (data.target_mean, data.target_scale) == pytest.approx((y_mean, y_std))
    assert data.y_train == pytest.approx((Y[train] - y_mean) / y_std, abs=1e-6)
    assert data.y_val == pytest.approx((Y[val] - y_mean) / y_std, abs=1e-6)
    assert data.x_train.dtype == data.x_val.dtype == data.y_train.dtype == data.y_val.dtype == np.float32
    assert data.name == "iris" and data.feature_names == ["a", "constant"]


def test_float32_features_are_scaled_in_double_precision() -> None:
    # A spread of 1e-4 around 1000: float32 arithmetic loses it (its spacing there is 6e-5), float64 keeps it.
    x = (1000 + 1e-4 * np.arange(8)).astype(np.float32).reshape(-1, 1)
    raw = RawData(x=x, y=Y, task=REGRESSION, feature_names=["a"])
    data = prepare(raw, DataConfig(dataset="iris", val_split=0), seed=0)
    exact = x.astype(np.float64)
    assert np.sort(data.x_train[:, 0]) == pytest.approx(np.sort((exact[:, 0] - exact.mean()) / exact.std()), abs=1e-5)


def test_without_standardize_the_numbers_are_left_as_they_are() -> None:
    data = prepare(RAW, DataConfig(dataset="iris", val_split=0.25, standardize=False), seed=3)
    train, val = split_indices(Y, REGRESSION, 0.25, seed=3)
    assert data.x_train == pytest.approx(X[train].astype(np.float32))
    assert data.y_train == pytest.approx(Y[train].astype(np.float32)) and data.y_val == pytest.approx(Y[val].astype(np.float32))
    assert (data.target_mean, data.target_scale) == (0.0, 1.0)
    assert data.feature_mean == [0.0, 0.0] and data.feature_scale == [1.0, 1.0]


def test_two_training_targets_are_enough_to_standardize_them() -> None:
    raw = RawData(x=X[:3], y=np.array([1.0, 2.0, 4.0]), task=REGRESSION, feature_names=["a", "b"])
    data = prepare(raw, DataConfig(dataset="iris", val_split=0.34), seed=0)
    assert len(data.y_train) == 2 and data.target_scale != 1.0
    assert sorted(data.y_train.tolist()) == [-1.0, 1.0]


def test_a_constant_target_is_not_divided_by_zero() -> None:
    raw = RawData(x=X, y=np.full(8, 3.0), task=REGRESSION, feature_names=["a", "b"])
    data = prepare(raw, DataConfig(dataset="iris", val_split=0.25), seed=0)
    assert (data.target_mean, data.target_scale) == (0.0, 1.0)
    assert data.y_train.tolist() == [3.0] * len(data.y_train)


def test_class_targets_stay_integer_indices_in_their_own_units() -> None:
    raw = RawData(x=X, y=np.array([0.0, 1.0] * 4), task=CLASSIFICATION, feature_names=["a", "b"], class_names=["no", "yes"])
    data = prepare(raw, DataConfig(dataset="iris", val_split=0.25), seed=0)
    assert data.y_train.dtype == data.y_val.dtype == np.int64
    assert (data.target_mean, data.target_scale) == (0.0, 1.0)


def test_one_example_trains_and_no_example_is_refused_naming_the_key() -> None:
    one = prepare(RawData(x=X[:1], y=Y[:1], task=REGRESSION, feature_names=["a", "b"]), DataConfig(dataset="iris"), seed=0)
    assert len(one.y_train) == 1 and len(one.y_val) == 0
    empty = RawData(x=np.zeros((0, 2)), y=np.zeros(0), task=REGRESSION, feature_names=["a", "b"])
    with pytest.raises(DataError, match=r"^data\.val_split: 0\.2 leaves no training examples out of 0$"):
        prepare(empty, DataConfig(dataset="iris"), seed=0)


def test_the_seed_decides_both_the_generated_examples_and_the_split() -> None:
    config = DataConfig(dataset="moons", n_samples=40)
    first, again = load_dataset(config, 5), load_dataset(config, 5)
    assert np.array_equal(first.x_train, again.x_train) and np.array_equal(first.x_val, again.x_val)


def test_an_unknown_loader_is_refused_with_the_ones_available() -> None:
    config = DataConfig.model_construct(dataset="nope")  # the config's own validation refuses it first
    expected = f"data.dataset: no loader for 'nope'; available: {', '.join(sorted(LOADERS))}"
    with pytest.raises(DataError) as error:
        load_raw(config, 0)
    assert str(error.value) == expected
