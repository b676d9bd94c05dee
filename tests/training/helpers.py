"""Running a config through the Trainer, and picking its events by kind."""

from __future__ import annotations

from typing import Any

from tui.core.config import RunConfig
from tui.training.trainer import Trainer


def events_of(cfg: RunConfig, **kwargs: Any) -> list:
    trainer = Trainer(cfg, **kwargs)
    return list(trainer.run())


def of_kind(events: list, kind: str) -> list:
    return [e for e in events if e.kind == kind]
