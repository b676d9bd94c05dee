"""Running a config through the Trainer, and picking its events by kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.core.config import RunConfig
from tui.runs.recorder import record
from tui.training.trainer import Trainer


def events_of(cfg: RunConfig, run_dir: Path | None = None, **kwargs: Any) -> list:
    """A run's events; with `run_dir` its run folder is written there too."""
    return list(record(Trainer(cfg, **kwargs), run_dir))


def of_kind(events: list, kind: str) -> list:
    return [e for e in events if e.kind == kind]
