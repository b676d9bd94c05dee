"""Synthetic datasets (size, noise, seed) and the torch-free catalog of dataset shapes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tui.core.config import DATASET_TASKS, DataConfig
from tui.core.errors import DataError
from tui.data.catalog import BUNDLED_SHAPES, dataset_shape, train_size
from tui.data.loading import load_dataset, load_raw
from tui.data.synthetic_sizes import SYNTHETIC_DEFAULTS

SYNTHETIC = list(SYNTHETIC_DEFAULTS)
SMALL = [name for name in SYNTHETIC if name != "high_dim"]
PLAYGROUND = ["moons", "circles", "xor", "spiral"]


def raw(name: str, seed: int = 0, **fields):
    return load_raw(DataConfig(dataset=name, **fields), seed)


@pytest.mark.parametrize("name", SMALL)
def test_size_noise_and_seed(name):
    base = raw(name, n_samples=120, noise=0.1)
    assert base.x.shape[0] == len(base.y) == 120
    assert base.task == DATASET_TASKS[name]
    again = raw(name, n_samples=120, noise=0.1)
    assert np.array_equal(base.x, again.x) and np.array_equal(base.y, again.y)  # same seed, same data
    other_seed = raw(name, seed=1, n_samples=120, noise=0.1)
    assert not np.array_equal(base.x, other_seed.x)
    noisier = raw(name, n_samples=120, noise=0.5)
    assert not np.array_equal(base.x, noisier.x) or not np.array_equal(base.y, noisier.y)


@pytest.mark.parametrize("name", PLAYGROUND)
def test_playground_sets_are_two_dimensional_and_balanced(name):
    data = raw(name)
    assert data.x.shape[1] == 2 and data.class_names == ["0", "1"]
    counts = np.bincount(data.y)
    assert abs(counts[0] - counts[1]) <= 0.2 * len(data.y)
    with pytest.raises(DataError, match="exactly 2 feature"):
        raw(name, n_features=3)
    with pytest.raises(DataError, match="exactly 2 feature"):
        dataset_shape(DataConfig(dataset=name, n_features=3))  # the form hears it before training


def test_xor_labels_follow_the_signs_without_noise():
    data = raw("xor", noise=0.0, n_samples=200)
    assert np.array_equal(data.y, (data.x[:, 0] * data.x[:, 1] > 0).astype(int))


def test_circles_inner_class_is_closer_to_the_centre():
    data = raw("circles", noise=0.0)
    radius = np.hypot(data.x[:, 0], data.x[:, 1])
    assert radius[data.y == 1].max() < radius[data.y == 0].min()


def test_spiral_arms_are_point_symmetric():
    data = raw("spiral", noise=0.0, n_samples=200)
    arm0 = data.x[data.y == 0]
    arm1 = data.x[data.y == 1]
    # Arm 1 is arm 0 turned by half a circle: each point of one has its mirror image in the other.
    distances = np.linalg.norm(arm0[:, None, :] + arm1[None, :, :], axis=2)
    assert distances.min(axis=1).max() < 1e-9


def test_sine_and_linear_without_noise_are_exact():
    sine = raw("sine", noise=0.0)
    assert np.allclose(sine.y, np.sin(sine.x[:, 0]))
    line = raw("linear", noise=0.0, n_features=3)
    design = np.column_stack([line.x, np.ones(len(line.y))])
    _, residual, *_ = np.linalg.lstsq(design, line.y, rcond=None)
    assert line.x.shape[1] == 3 and residual[0] < 1e-12


def test_blobs_dimension_and_classes():
    data = raw("blobs", n_features=5)
    assert data.x.shape[1] == 5 and data.class_names == ["0", "1", "2"]


def test_high_dim_gives_the_lectures_35000_training_examples():
    dataset = load_dataset(DataConfig(dataset="high_dim", val_split=0.2), seed=42)
    assert len(dataset.x_train) == 35000 and dataset.n_features == 20 and dataset.n_classes == 2
    with pytest.raises(DataError, match="at least 2 features"):
        raw("high_dim", n_samples=100, n_features=1)


# ---------------------------------------------------------------- the catalog


@pytest.mark.parametrize("name", [*BUNDLED_SHAPES, *SYNTHETIC])
def test_catalog_matches_the_loaded_data(name):
    config = DataConfig(dataset=name)
    dataset = load_dataset(config, 3)
    shape = dataset_shape(config, 3)
    assert shape[:4] == (len(dataset.x_train) + len(dataset.x_val), dataset.n_features, dataset.n_classes, dataset.task)
    exact = name != "high_dim"  # its labels are flipped at random by scikit-learn: the count may be off by one
    assert abs(train_size(shape, config.val_split) - len(dataset.x_train)) <= (0 if exact else 1)


def test_catalog_follows_size_and_dimension_overrides():
    assert dataset_shape(DataConfig(dataset="moons", n_samples=50)) [:4] == (50, 2, 2, "classification")
    assert dataset_shape(DataConfig(dataset="linear", n_features=4))[:4] == (200, 4, None, "regression")
    assert dataset_shape(DataConfig(dataset="high_dim", n_samples=1000, n_features=8)).n_features == 8


@pytest.mark.parametrize("name", SYNTHETIC)
def test_absurd_sizes_are_refused_before_allocating(name):
    with pytest.raises(DataError, match="data.n_samples: 1000000000 is too many"):
        raw(name, n_samples=10**9)
    with pytest.raises(DataError, match="too many"):
        dataset_shape(DataConfig(dataset=name, n_samples=10**9))


def test_catalog_covers_every_dataset_name():
    for name in DATASET_TASKS:
        assert name in BUNDLED_SHAPES or name in SYNTHETIC_DEFAULTS, name


def test_catalog_inline_shape():
    regression = DataConfig(dataset="inline", x=[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], y=[1.0, 0.0, 1.0], val_split=0.0)
    assert dataset_shape(regression)[:4] == (3, 2, None, "regression")
    classes = regression.model_copy(update={"task": "classification"})
    assert dataset_shape(classes)[:4] == (3, 2, 2, "classification")


def test_train_size_for_regression_is_exact():
    shape = dataset_shape(DataConfig(dataset="diabetes"))
    assert train_size(shape, 0.2) == len(load_dataset(DataConfig(dataset="diabetes"), 0).x_train)
    assert train_size(shape, 0.0) == 442


def test_catalog_imports_neither_torch_nor_sklearn(tmp_path):
    csv_path = tmp_path / "d.csv"
    csv_path.write_text("a,b,label\n" + "".join(f"{i * i},{i % 3},{'xy'[i % 2]}\n" for i in range(10)), encoding="utf-8")
    code = (
        "import sys\n"
        "from tui.data.catalog import dataset_shape\n"
        "from tui.core.config import DataConfig\n"
        "print(dataset_shape(DataConfig(dataset='digits')))\n"
        f"print(dataset_shape(DataConfig(dataset='csv', path={str(csv_path)!r}, target='label')))\n"
        "print(dataset_shape(DataConfig(dataset='spiral')))\n"
        "print(dataset_shape(DataConfig(dataset='xor')))\n"
        "heavy = [m for m in ('torch', 'sklearn', 'textual') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "n_examples=10, n_features=2, n_classes=2" in result.stdout
