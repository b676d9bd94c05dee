"""Synthetic datasets with size (data.n_samples), noise (data.noise) and the run's seed.

The 2-D classification sets are the TensorFlow Playground's; sklearn makes the ones it has.
Defaults live in SYNTHETIC_DEFAULTS (tui/data/synthetic_sizes.py: the catalog reads them without importing this).
"""

from __future__ import annotations

import numpy as np

from tui.core.config import DataConfig
from tui.core.vocabulary import CLASSIFICATION, REGRESSION
from tui.data.raw import RawData, register
from tui.data.synthetic_sizes import SYNTHETIC_DEFAULTS, synthetic_features, synthetic_samples

XY = ["x1", "x2"]


def _size_and_noise(config: DataConfig) -> tuple[int, float]:
    noise = config.noise if config.noise is not None else SYNTHETIC_DEFAULTS[config.dataset].noise
    return synthetic_samples(config.dataset, config.n_samples), noise


def _binary(x: np.ndarray, y: np.ndarray) -> RawData:
    return RawData(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.int64), CLASSIFICATION, list(XY), ["0", "1"])


def _check_2d(config: DataConfig) -> None:
    synthetic_features(config.dataset, config.n_features)  # refuses any dimension but 2


@register("moons")
def load_moons(config: DataConfig, seed: int) -> RawData:
    """Two interleaving half circles."""
    from sklearn.datasets import make_moons

    _check_2d(config)
    n, noise = _size_and_noise(config)
    x, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    return _binary(x, y)


@register("circles")
def load_circles(config: DataConfig, seed: int) -> RawData:
    """A small circle inside a larger one: no straight line separates them."""
    from sklearn.datasets import make_circles

    _check_2d(config)
    n, noise = _size_and_noise(config)
    x, y = make_circles(n_samples=n, noise=noise, factor=0.5, random_state=seed)
    return _binary(x, y)


@register("xor")
def load_xor(config: DataConfig, seed: int) -> RawData:
    """Points in [-1, 1]²; the class is whether x1 and x2 have the same sign (the Playground's XOR)."""
    _check_2d(config)
    n, noise = _size_and_noise(config)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=(n, 2))
    # Keep points off the axes so that the classes have a visible margin, as the Playground does.
    x += np.sign(x) * 0.05
    label_from = x + rng.normal(0.0, noise, size=x.shape)
    y = (label_from[:, 0] * label_from[:, 1] > 0).astype(np.int64)
    return _binary(x, y)


@register("spiral")
def load_spiral(config: DataConfig, seed: int) -> RawData:
    """Two interleaved spiral arms: the hardest Playground set."""
    _check_2d(config)
    n, noise = _size_and_noise(config)
    rng = np.random.default_rng(seed)
    sizes = (n - n // 2, n // 2)
    xs, ys = [], []
    for label, size in enumerate(sizes):
        radius = np.linspace(0.0, 1.0, size, endpoint=False) + 0.05
        angle = 1.75 * 2 * np.pi * radius + label * np.pi
        arm = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
        xs.append(arm + rng.normal(0.0, noise, size=arm.shape))
        ys.append(np.full(size, label))
    order = rng.permutation(n)
    return _binary(np.concatenate(xs)[order], np.concatenate(ys)[order])


@register("blobs")
def load_blobs(config: DataConfig, seed: int) -> RawData:
    """Gaussian clusters, one per class (data.n_features sets the dimension, 2 by default)."""
    from sklearn.datasets import make_blobs

    n, noise = _size_and_noise(config)
    n_features = synthetic_features("blobs", config.n_features)
    centers = SYNTHETIC_DEFAULTS["blobs"].n_classes or 3
    x, y = make_blobs(n_samples=n, n_features=n_features, centers=centers, cluster_std=max(noise, 1e-6), random_state=seed)
    names = [f"x{i + 1}" for i in range(n_features)]
    return RawData(np.asarray(x, dtype=np.float64), y.astype(np.int64), CLASSIFICATION, names, [str(c) for c in range(centers)])


@register("linear")
def load_linear(config: DataConfig, seed: int) -> RawData:
    """y = a line (a plane in more dimensions) plus Gaussian noise."""
    n, noise = _size_and_noise(config)
    n_features = synthetic_features("linear", config.n_features)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=(n, n_features))
    weights = rng.uniform(1.0, 3.0, size=n_features) * rng.choice([-1.0, 1.0], size=n_features)
    y = x @ weights + 0.5 + rng.normal(0.0, noise, size=n)
    return RawData(x, y, REGRESSION, [f"x{i + 1}" for i in range(n_features)])


@register("sine")
def load_sine(config: DataConfig, seed: int) -> RawData:
    """y = sin(x) on [-π, π] plus Gaussian noise: a line cannot fit it, a hidden layer can."""
    synthetic_features("sine", config.n_features)
    n, noise = _size_and_noise(config)
    rng = np.random.default_rng(seed)
    x = rng.uniform(-np.pi, np.pi, size=(n, 1))
    y = np.sin(x[:, 0]) + rng.normal(0.0, noise, size=n)
    return RawData(x, y, REGRESSION, ["x"])


@register("high_dim")
def load_high_dim(config: DataConfig, seed: int) -> RawData:
    """A binary problem in many dimensions (the lecture's 35000-example scenario)."""
    from sklearn.datasets import make_classification

    n, noise = _size_and_noise(config)
    n_features = synthetic_features("high_dim", config.n_features)
    informative = min(n_features, max(2, n_features // 2))
    x, y = make_classification(
        n_samples=n,
        n_features=n_features,
        n_informative=informative,
        n_redundant=min(n_features // 4, n_features - informative),
        flip_y=noise,
        class_sep=0.8,
        random_state=seed,
    )
    return RawData(x, y.astype(np.int64), CLASSIFICATION, [f"x{i + 1}" for i in range(n_features)], ["0", "1"])
