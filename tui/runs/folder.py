"""The run folder: runs/<name>-<timestamp>/ with config, metrics, events, best weights and a summary."""

from __future__ import annotations

import csv
import json
import math
import os
from contextlib import suppress
from pathlib import Path
from typing import Any, TextIO

from tui.core.atomic import atomic_write_text  # torch-free: listing runs (the CLI, the runs screen) must not import torch
from tui.core.config import RunConfig
from tui.core.config_text import config_toml
from tui.core.events import VIEW_EVENTS, EpochEnded, Event, Improved, PatienceTicked, Progress, StepLosses
from tui.core.jsonl import finite_only, json_default, json_line
from tui.core.vocabulary import METRIC_NAMES
from tui.runs.events_file import EVENTS_NAME, cut_events
from tui.runs.growth import recorded
from tui.runs.metrics_file import METRIC_COLUMNS, truncate_metrics


class RunStore:
    """Writes one run's folder. Logs are appended line by line; everything else is replaced atomically.

    `keep_epochs`: a resumed run keeps metrics rows up to that epoch and drops later ones (written after
    the checkpoint the run resumes from), so the curves continue without a duplicated stretch.
    """

    def __init__(self, path: Path, keep_epochs: int | None = None) -> None:
        self.path = path
        self.path.mkdir(parents=True, exist_ok=True)
        if keep_epochs is not None:
            truncate_metrics(path, keep_epochs)
        cut_events(path, keep_epochs)  # on resume back to the checkpoint, always without a torn last line
        self._tensorboard = tensorboard_writer(path, purge_step=None if keep_epochs is None else keep_epochs + 1)
        # Open for the whole run (closed by close()): each event is appended and flushed as it passes.
        self._events: TextIO = open(path / EVENTS_NAME, "a", encoding="utf-8")  # noqa: SIM115
        new_metrics = not (path / "metrics.csv").exists()
        self._metrics: TextIO = open(path / "metrics.csv", "a", encoding="utf-8", newline="")  # noqa: SIM115
        self._writer = csv.DictWriter(self._metrics, fieldnames=METRIC_COLUMNS, extrasaction="ignore")
        if new_metrics:
            self._writer.writeheader()

    @property
    def best_weights(self) -> Path:
        return self.path / "best.safetensors"

    def write_config(self, config: RunConfig) -> None:
        atomic_write_text(self.path / "config.toml", config_toml(config))

    def record(self, event: Event) -> None:
        if isinstance(event, (Progress, StepLosses, *VIEW_EVENTS)):  # for watching live, not the run's record
            return
        if isinstance(event, (EpochEnded, PatienceTicked, Improved)) and not recorded(event.epoch):
            return  # a very long run keeps fewer epochs (tui/runs/growth.py)
        record = event.to_json()  # once: each epoch's event goes to both files
        self._events.write(json_line(record) + "\n")
        self._events.flush()
        if isinstance(event, EpochEnded):
            self._writer.writerow({k: ("" if v is None else v) for k, v in record.items()})
            self._metrics.flush()
            if self._tensorboard is not None:
                write_scalars(self._tensorboard, event)

    def save_best(self, state: dict) -> Path:
        from tui.runs.weights import save_weights

        save_weights(self.best_weights, state)
        return self.best_weights

    def write_summary(self, summary: dict[str, Any]) -> None:
        atomic_write_text(self.path / "summary.json", json.dumps(finite_only(summary), indent=2, default=json_default))

    def overwrite_summary(self, summary: dict[str, Any]) -> None:
        """The last resort on a full disk, where the atomic write's new file finds no space: write over the old summary.

        The old file's blocks are reused, so this needs no new space as long as the summary fits in them
        (the compact form, else the fields that say how the run ended). Not atomic, hence only after the
        atomic write failed: a 'running' summary left behind would list a failed run as interrupted.
        """
        short = {k: summary.get(k) for k in ("name", "status", "reason", "message", "epochs", "best_epoch", "best", "monitor")}
        file = self.path / "summary.json"
        size = file.stat().st_size
        texts = [json.dumps(finite_only(s), separators=(",", ":"), default=json_default).encode() for s in (summary, short)]
        text = next((t for t in texts if len(t) <= size), texts[-1])
        with open(file, "r+b") as handle:
            handle.write(text)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())

    def write_text(self, name: str, text: str) -> Path:
        atomic_write_text(self.path / name, text)
        return self.path / name

    def close(self) -> None:
        for handle in (self._events, self._metrics):
            # A full disk: the last buffered lines cannot be flushed, and the run has already ended on that error.
            with suppress(OSError):
                handle.close()
        if self._tensorboard is not None:
            self._tensorboard.close()
            self._tensorboard = None


def tensorboard_writer(path: Path, purge_step: int | None = None) -> Any:
    """A TensorBoard SummaryWriter on the run folder when the tensorboard package is installed, else None."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        return None
    return SummaryWriter(log_dir=str(path), purge_step=purge_step)


def write_scalars(writer: Any, event: EpochEnded) -> None:
    # "loss/train" and "loss/val" share a chart in TensorBoard, like the app's overlaid curves.
    for name in METRIC_NAMES:
        value = getattr(event, name)
        if value is not None and math.isfinite(value):
            split, _, metric = name.partition("_")
            writer.add_scalar(f"{metric}/{split}", value, event.epoch)
    if event.lr is not None:
        writer.add_scalar("lr", event.lr, event.epoch)
    writer.flush()

