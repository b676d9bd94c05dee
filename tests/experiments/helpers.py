"""Tiny tunable configs: iris, a handful of epochs, so a whole study takes a few seconds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from tui.core.config import RunConfig, validate_config

LR_SEARCH = {"trials": 3, "sampler": "random", "seed": 1, "training": {"lr": {"low": 1e-3, "high": 0.3, "log": True}}}


def raw_config(tune: dict[str, Any] | None = LR_SEARCH, **sections: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "name": "tiny",
        "seed": 3,
        "data": {"dataset": "iris", "val_split": 0.2},
        "model": {"hidden": [4], "activation": "relu"},
        "training": {"loss": "cross_entropy", "optimizer": "adam", "lr": 0.05, "batch_size": "full", "epochs": 4, "device": "cpu"},
    }
    for key, value in sections.items():
        if isinstance(value, dict):
            raw.setdefault(key, {}).update(value)
        else:
            raw[key] = value
    if tune is not None:
        raw["tune"] = tune
    return raw


def tune_config(tune: dict[str, Any] | None = LR_SEARCH, **sections: Any) -> RunConfig:
    return validate_config(raw_config(tune, **sections))


def write_preset(path: Path, tune: dict[str, Any] | None = LR_SEARCH, **sections: Any) -> Path:
    path.write_text(tomli_w.dumps(raw_config(tune, **sections)), encoding="utf-8")
    return path
