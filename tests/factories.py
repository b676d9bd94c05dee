"""The tests' run configs: tiny problems whose whole run takes milliseconds, all built one way.

A config is a base with sections merged over it (a dict updates that section's keys, any other value
replaces the key), validated as a preset is. There is one base, IRIS; each other problem is a change to
it, the smallest run its tests need.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from tui.core.config import RunConfig, config_to_dict, validate_config

# Three classes, 150 examples, 8 hidden units: the trainer's events, metrics and early stopping.
IRIS: dict[str, Any] = {
    "name": "test",
    "seed": 7,
    "data": {"dataset": "iris", "val_split": 0.2},
    "model": {"hidden": [8], "activation": "relu"},
    "training": {"loss": "cross_entropy", "optimizer": "adam", "lr": 0.05, "batch_size": 16, "epochs": 5, "device": "cpu"},
}


def merged(base: dict[str, Any], **sections: Any) -> dict[str, Any]:
    """A copy of `base` with each given section's keys merged over its own (any other value replaces the key)."""
    raw = copy.deepcopy(base)
    for key, value in sections.items():
        raw[key] = {**raw.get(key, {}), **value} if isinstance(value, dict) else value
    return raw


# Moons, two classes, 120 examples, one thread: the run-folder tests train, stop and resume many whole runs.
MOONS = merged(
    IRIS, name="tiny", seed=5, data={"dataset": "moons", "n_samples": 120, "noise": 0.2, "val_split": 0.25},
    model={"hidden": [6], "activation": "tanh"}, training={"epochs": 6, "threads": 1},
)

# Iris at full batch with 4 hidden units for 4 epochs: a whole study of such trials takes seconds.
TUNE_RUN = merged(IRIS, name="tiny", seed=3, model={"hidden": [4]}, training={"batch_size": "full", "epochs": 4})

LR_SEARCH: dict[str, Any] = {"trials": 3, "sampler": "random", "seed": 1, "training": {"lr": {"low": 1e-3, "high": 0.3, "log": True}}}


def tiny_config(**training: Any) -> RunConfig:
    """The tiny moons run with these training settings (e.g. epochs=4)."""
    return validate_config(merged(MOONS, training=training))


def tiny_iris(**sections: Any) -> RunConfig:
    """The tiny iris run with sections merged over it (e.g. training={"lr": 1.0})."""
    return validate_config(merged(IRIS, **sections))


def tune_raw(tune: dict[str, Any] | None = LR_SEARCH, **sections: Any) -> dict[str, Any]:
    """The tiny tunable run as a preset's dict, with `tune` as its [tune] section (None: no section)."""
    raw = merged(TUNE_RUN, **sections)
    if tune is not None:
        raw["tune"] = tune
    return raw


def tune_config(tune: dict[str, Any] | None = LR_SEARCH, **sections: Any) -> RunConfig:
    return validate_config(tune_raw(tune, **sections))


def with_changes(config: RunConfig, **sections: dict[str, Any]) -> RunConfig:
    """`config` with sections merged over it (e.g. model={"hidden": [9]})."""
    return validate_config(merged(config_to_dict(config), **sections))


def exploding_config(lr: float, divergence_factor: float) -> RunConfig:
    """Linear regression by full-batch SGD with lr past 2/curvature: the error grows ×|1 - 2·lr| every step.

    Epoch 1 is the only improvement (its loss is measured before the first update).
    """
    return validate_config(merged(
        IRIS, name="explode", seed=3, data={"dataset": "linear", "val_split": 0.2}, model={"hidden": []},
        training={"loss": "mse", "optimizer": "sgd", "lr": lr, "batch_size": "full", "epochs": 60, "divergence_factor": divergence_factor},
    ))


@contextmanager
def open_commands() -> Iterator[IO[str]]:
    """The app's end of a training process's commands, kept open: an input that ends at once means "stop"."""
    read_end, write_end = os.pipe()
    with os.fdopen(read_end) as commands:
        try:
            yield commands
        finally:
            os.close(write_end)
