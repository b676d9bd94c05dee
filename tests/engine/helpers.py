"""Small configs and an event runner for engine tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.core.config import RunConfig, validate_config
from tui.runs.recorder import record
from tui.training.trainer import Trainer


def config(**sections: Any) -> RunConfig:
    """A tiny iris run, with sections merged over it (e.g. training={"lr": 1.0})."""
    raw: dict[str, Any] = {
        "name": "test",
        "seed": 7,
        "data": {"dataset": "iris", "val_split": 0.2},
        "model": {"hidden": [8], "activation": "relu"},
        "training": {"loss": "cross_entropy", "optimizer": "adam", "lr": 0.05, "batch_size": 16, "epochs": 5, "device": "cpu"},
    }
    for key, value in sections.items():
        if isinstance(value, dict):
            raw.setdefault(key, {}).update(value)
        else:
            raw[key] = value
    return validate_config(raw)


def events_of(cfg: RunConfig, run_dir: Path | None = None, **kwargs: Any) -> list:
    """A run's events; with `run_dir` its run folder is written there too."""
    return list(record(Trainer(cfg, **kwargs), run_dir))


def of_kind(events: list, kind: str) -> list:
    return [e for e in events if e.kind == kind]
