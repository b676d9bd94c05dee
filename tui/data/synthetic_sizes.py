"""The synthetic sets' default sizes and the limits on data.n_samples / data.n_features.

Read by the catalog (shapes without loading) and by the synthetic loader (tui/data/sources/synthetic.py),
which must not import each other: the catalog reads CSV files through the loaders' reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.errors import DataError
from tui.core.i18n import N_


@dataclass(frozen=True)
class SyntheticDefaults:
    n_samples: int
    noise: float
    n_features: int  # the default dimension
    n_classes: int | None
    min_features: int = 0  # 0: the dimension is fixed (the 2-D playground sets, sine); else data.n_features may set it


SYNTHETIC_DEFAULTS: dict[str, SyntheticDefaults] = {
    "moons": SyntheticDefaults(300, 0.2, 2, 2),
    "circles": SyntheticDefaults(300, 0.1, 2, 2),
    "xor": SyntheticDefaults(300, 0.05, 2, 2),
    "spiral": SyntheticDefaults(400, 0.05, 2, 2),
    "blobs": SyntheticDefaults(300, 1.0, 2, 3, min_features=1),  # noise = each cluster's standard deviation
    "linear": SyntheticDefaults(200, 0.3, 1, None, min_features=1),
    "sine": SyntheticDefaults(300, 0.1, 1, None),
    # 35000 training examples with val_split 0.2: the lecture's 700-steps scenario with batch 50.
    "high_dim": SyntheticDefaults(43750, 0.05, 20, 2, min_features=2),
}


MAX_SYNTHETIC_SAMPLES = 2_000_000  # more would not fit comfortably in memory as float64
MAX_SYNTHETIC_FEATURES = 10_000  # a billion would be allocated lazily and kill the process while filled


def synthetic_samples(name: str, n_samples: int | None) -> int:
    """The number of examples of a synthetic set, or a DataError when data.n_samples is too large."""
    if n_samples is None:
        return SYNTHETIC_DEFAULTS[name].n_samples
    if n_samples > MAX_SYNTHETIC_SAMPLES:
        raise DataError.about("data.n_samples", N_("{count} is too many for a synthetic set; at most {most}").format(
            count=n_samples, most=MAX_SYNTHETIC_SAMPLES))
    return n_samples


def synthetic_features(name: str, n_features: int | None) -> int:
    """The dimension of a synthetic set, or a DataError when data.n_features asks for one it cannot have."""
    defaults = SYNTHETIC_DEFAULTS[name]
    if n_features is None or n_features == defaults.n_features:
        return defaults.n_features
    if not defaults.min_features:
        raise DataError.about("data.n_features", N_("{name!r} has exactly {count} feature(s); remove n_features").format(
            name=name, count=defaults.n_features))
    if n_features < defaults.min_features:
        raise DataError.about("data.n_features", N_("{name!r} needs at least {least} features (got {got})").format(
            name=name, least=defaults.min_features, got=n_features))
    if n_features > MAX_SYNTHETIC_FEATURES:
        raise DataError.about("data.n_features", N_("{count} is too many for a synthetic set; at most {most}").format(
            count=n_features, most=MAX_SYNTHETIC_FEATURES))
    return n_features
