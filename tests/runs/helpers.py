"""Fake run folders with fixed, plausible curves: listings and the runs screen without training."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import tomli_w

from tests.factories import tiny_config
from tui.core.config import config_to_dict
from tui.runs.metrics_file import METRIC_COLUMNS


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
