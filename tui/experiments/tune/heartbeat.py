"""A trial's heartbeat in a shared database, so that a worker killed mid-trial does not leave it RUNNING forever.

Optuna records heartbeats and fails stale trials only inside `study.optimize`; the tuner asks and tells
itself (to stop from any thread), so it does both here: a heartbeat thread while a trial trains, and
`fail_stale_trials` before each new trial. A trial whose worker stopped beating for GRACE_S is failed by
the next worker that asks for one. Only database storages (SQLite, PostgreSQL) keep heartbeats.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

HEARTBEAT_S = 30  # how often a running trial says it is alive
GRACE_S = 120  # silence after which another worker marks the trial failed (a long pause, not a slow epoch)
OPTUNA_HEARTBEAT_WARNING = "Heartbeat of storage is supposed to be used with Study.optimize"  # not translated: Optuna's


def storage_options() -> dict[str, Any]:
    """RDBStorage's heartbeat settings."""
    return {"heartbeat_interval": HEARTBEAT_S, "grace_period": GRACE_S}


def ask(study: Any) -> Any:
    """A new trial, after failing the trials of workers that stopped beating."""
    import optuna

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        warnings.filterwarnings("ignore", OPTUNA_HEARTBEAT_WARNING)  # it is, here
        optuna.storages.fail_stale_trials(study)
        return study.ask()


@contextmanager
def beating(study: Any, trial: Any) -> Iterator[None]:
    """Record the trial's heartbeat every HEARTBEAT_S while the block runs (nothing for storages without one)."""
    from optuna.storages._heartbeat import get_heartbeat_thread  # what study.optimize uses

    with get_heartbeat_thread(trial._trial_id, study._storage):
        yield
