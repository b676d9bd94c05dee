"""Running a sweep: each run in turn, sharing one loaded dataset when the swept key allows."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tui.core.config import RunConfig
from tui.core.sweep_spec import SweepRun, sweep_key, sweep_runs


def shares_data(key: str) -> bool:
    """Runs can share one loaded dataset unless the sweep changes the data or the seed."""
    return not (key == "seed" or key.startswith("data."))


def run_sweep(
    config: RunConfig,
    runs_root: Path | None,
    stop: threading.Event | None = None,
) -> Iterator[tuple[int, SweepRun, Any]]:
    """Train each run in turn, yielding (index, run, event). A set `stop` ends the current run and skips the rest."""
    from tui.data.loading import load_dataset
    from tui.runs.location import new_run_dir, remove_if_empty
    from tui.runs.recorder import record
    from tui.training.trainer import Trainer

    stop = stop or threading.Event()
    runs = sweep_runs(config)
    dataset = load_dataset(config.data, config.seed) if shares_data(sweep_key(config)) else None
    for index, sweep_run in enumerate(runs):
        if stop.is_set():
            return
        run_dir = new_run_dir(runs_root, sweep_run.config.name) if runs_root is not None else None
        try:
            trainer = Trainer(sweep_run.config, stop=stop, dataset=dataset)
            for event in record(trainer, run_dir):
                yield index, sweep_run, event
        finally:
            remove_if_empty(run_dir)  # a run that never started (the sweep closed first) leaves no folder

