"""The run folder: runs/<name>-<timestamp>/ with config, metrics, events, best weights and a summary."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import time
from pathlib import Path
from typing import Any, TextIO

import tomli_w

from .checkpoint import atomic_write_text, save_weights
from .config import RunConfig, config_to_dict
from .events import EpochEnded, Event, Progress

RUNS_ENV = "NN_TUI_RUNS_DIR"
METRIC_COLUMNS = [
    "epoch", "global_step", "train_loss", "val_loss", "train_accuracy", "val_accuracy",
    "val_f1", "train_mae", "val_mae", "seconds", "elapsed",
]


def default_runs_dir() -> Path:
    """./runs (TensorBoard's convention) unless NN_TUI_RUNS_DIR says otherwise."""
    return Path(os.environ.get(RUNS_ENV) or "runs")


def new_run_dir(root: Path, name: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    root.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        path = root / (f"{name}-{stamp}" if n == 1 else f"{name}-{stamp}-{n}")
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
    raise RuntimeError(f"cannot create a run folder under {root}")


def _json_default(value: Any) -> Any:
    return str(value)


def _finite(value: Any) -> Any:
    # JSON has no NaN/inf: write them as null so every line parses everywhere.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def event_line(event: Event) -> str:
    return json.dumps(_finite(event.to_json()), default=_json_default)


class RunStore:
    """Writes one run's folder. Logs are appended line by line; everything else is replaced atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.path.mkdir(parents=True, exist_ok=True)
        self._events: TextIO = open(path / "events.jsonl", "a", encoding="utf-8")
        new_metrics = not (path / "metrics.csv").exists()
        self._metrics: TextIO = open(path / "metrics.csv", "a", encoding="utf-8", newline="")
        self._writer = csv.DictWriter(self._metrics, fieldnames=METRIC_COLUMNS, extrasaction="ignore")
        if new_metrics:
            self._writer.writeheader()

    @property
    def best_weights(self) -> Path:
        return self.path / "best.safetensors"

    def write_config(self, config: RunConfig) -> None:
        atomic_write_text(self.path / "config.toml", tomli_w.dumps(config_to_dict(config)))

    def record(self, event: Event) -> None:
        if isinstance(event, Progress):
            return
        self._events.write(event_line(event) + "\n")
        self._events.flush()
        if isinstance(event, EpochEnded):
            self._writer.writerow({k: ("" if v is None else v) for k, v in event.to_json().items()})
            self._metrics.flush()

    def save_best(self, state: dict) -> Path:
        save_weights(self.best_weights, state)
        return self.best_weights

    def write_summary(self, summary: dict[str, Any]) -> None:
        atomic_write_text(self.path / "summary.json", json.dumps(_finite(summary), indent=2, default=_json_default))

    def write_text(self, name: str, text: str) -> Path:
        atomic_write_text(self.path / name, text)
        return self.path / name

    def close(self) -> None:
        for handle in (self._events, self._metrics):
            if not handle.closed:
                handle.close()


def read_metrics(path: Path) -> list[dict[str, str]]:
    """Rows of a run's metrics.csv; a half-written last line (killed run) is skipped."""
    text = (path / "metrics.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    return [r for r in rows if r.get("elapsed") not in (None,)]
