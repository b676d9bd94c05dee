"""Small configs and fixed fake run folders for the runs tests."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import tomli_w

from tui.core.config import config_to_dict, validate_config
from tui.runs.metrics_file import METRIC_COLUMNS


def tiny_config(**training: Any) -> Any:
    """Moons, 120 examples, one hidden layer of 6: a run of a few epochs takes milliseconds."""
    raw = {
        "name": "tiny",
        "seed": 5,
        "data": {"dataset": "moons", "n_samples": 120, "noise": 0.2, "val_split": 0.25},
        "model": {"hidden": [6], "activation": "tanh"},
        "training": {"loss": "cross_entropy", "optimizer": "adam", "lr": 0.05, "batch_size": 16, "epochs": 6,
                     "device": "cpu", "threads": 1, **training},
    }
    return validate_config(raw)


def exploding_config(lr: float, divergence_factor: float):
    """Linear regression by full-batch SGD with lr past 2/curvature: the error grows ×|1 - 2·lr| every step.

    Epoch 1 is the only improvement (its loss is measured before the first update).
    """
    return validate_config({
        "name": "explode", "seed": 3,
        "data": {"dataset": "linear", "val_split": 0.2},
        "model": {"hidden": []},
        "training": {"loss": "mse", "optimizer": "sgd", "lr": lr, "batch_size": "full", "epochs": 60,
                     "device": "cpu", "divergence_factor": divergence_factor},
    })


def with_changes(config: Any, **sections: dict) -> Any:
    raw = config_to_dict(config)
    for section, values in sections.items():
        raw[section] = {**raw.get(section, {}), **values}
    return validate_config(raw)


def fake_run(root: Path, name: str, *, optimizer: str = "adam", lr: float = 0.01, epochs: int = 10,
             decay: float = 0.2, reason: str | None = "completed", started: str = "2026-01-02T03:04:05+0000") -> Path:
    """A run folder with made-up but plausible curves; reason None leaves a 'running' summary (a killed run)."""
    path = root / name
    path.mkdir(parents=True)
    config = tiny_config(optimizer=optimizer, lr=lr, epochs=epochs)
    (path / "config.toml").write_text(tomli_w.dumps(config_to_dict(config)), encoding="utf-8")
    rows = []
    for epoch in range(1, epochs + 1):
        train = 0.7 * math.exp(-decay * epoch) + 0.05
        rows.append({"epoch": epoch, "global_step": epoch * 6, "train_loss": train, "val_loss": train + 0.03,
                     "train_accuracy": 0.5 + 0.04 * epoch, "val_accuracy": 0.5 + 0.03 * epoch, "seconds": 0.01,
                     "elapsed": 0.01 * epoch})
    with open(path / "metrics.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=METRIC_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    summary: dict[str, Any] = {"name": "tiny", "started_at": started, "status": "running", "pid": 999_999_999, "host": "elsewhere"}
    if reason is not None:
        best = min(rows, key=lambda r: r["val_loss"])
        summary.update(status="finished", reason=reason, epochs=epochs, best=best["val_loss"], best_epoch=best["epoch"],
                       monitor="val_loss", seconds=0.1)
    (path / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return path
