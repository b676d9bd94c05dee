"""The pipe between the app (tui.worker.parent) and its training process (tui.worker.child): every line either end writes.

app → child, on the child's stdin, JSON lines:
- first, the request: {"config": {...}, "runs_root": path | null, and one of "resume": run folder | null (train, or
  resume that run), "sweep": true, "tune": {the study's settings}}; a run may add "pace": steps per second;
- then commands, one a line (tui.core.run_commands): "pause", "resume", "stop", "step" and "epoch" (while paused:
  one optimizer step, or on to the epoch's end), "pace N" or "pace full", and "detach": train on with nobody
  watching (no more events are sent). The end of input (the app is gone) stops, unless detached.
child → app, on its stdout, JSON lines:
- each event (a study's too) as its `to_json()`, in a sweep with "run": the run's index;
- when the work cannot start or hits a bug, one {"event": "error", "user_error": bool, "message": ...} instead.
The child exits 0 once its work has ended, however it ended (stopped, diverged, ...); 2 after a user's error, 1 after a bug.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tui.core import tune_events  # noqa: F401  (registers the study's events for event_from_json)
from tui.core.config import RunConfig
from tui.core.errors import UserError
from tui.core.events import Event, event_from_json
from tui.core.run_commands import PACE

Kind = Literal["train", "resume", "sweep", "tune"]

EXIT_DONE = 0  # the work ran, however it ended
EXIT_BUG = 1
EXIT_USER_ERROR = 2

RUN_KEY = "run"  # a sweep's event: the index of the run it belongs to
ERROR_EVENT = "error"


class TrainingCrashed(RuntimeError):
    """The training process hit a bug; its message already says where the traceback was saved."""


@dataclass(frozen=True)
class TuneSettings:
    """The study the app asks for (tui.app.screens.tune): where it lives and what it keeps."""

    storage: str | None  # None: the default SQLite study under `root`
    root: str  # the runs folder
    keep_runs: bool  # False: no run folder per trial, and the study in memory unless `storage` says otherwise
    study_name: str | None
    trials: int | None


@dataclass(frozen=True)
class Request:
    """One piece of work for a training process: a run (new, or resumed in `run_dir`), a sweep or a study."""

    kind: Kind
    config: RunConfig
    runs_root: Path | None = None
    run_dir: Path | None = None  # resume: the run folder to continue
    tune: TuneSettings | None = None
    pace: float | None = None  # a run's steps per second from its first step (None: full speed)


def encode_request(request: Request) -> str:
    record: dict[str, Any] = {"config": request.config.model_dump(mode="json"),
                              "runs_root": str(request.runs_root) if request.runs_root else None}
    if request.kind == "sweep":
        record["sweep"] = True
    elif request.kind == "tune":
        assert request.tune is not None
        tune = request.tune
        record["tune"] = {"storage": tune.storage, "root": tune.root, "keep_runs": tune.keep_runs,
                          "study_name": tune.study_name, "trials": tune.trials}
    else:
        record["resume"] = str(request.run_dir) if request.run_dir else None
        if request.pace is not None:
            record[PACE] = request.pace
    return json.dumps(record)


def decode_request(line: str) -> Request:
    record = json.loads(line)
    config = RunConfig.model_validate_json(json.dumps(record["config"]))
    runs_root = Path(record["runs_root"]) if record.get("runs_root") else None
    if record.get("sweep"):
        return Request("sweep", config, runs_root)
    if record.get("tune"):
        tune = record["tune"]
        settings = TuneSettings(tune["storage"], tune["root"], tune["keep_runs"], tune.get("study_name"), tune.get("trials"))
        return Request("tune", config, runs_root, tune=settings)
    pace = record.get(PACE)
    if record.get("resume"):
        return Request("resume", config, runs_root, run_dir=Path(record["resume"]), pace=pace)
    return Request("train", config, runs_root, pace=pace)


def encode_event(event: Event, run: int | None = None) -> str:
    record = event.to_json() if run is None else {**event.to_json(), RUN_KEY: run}
    # NaN and inf stay as JSON's NaN/Infinity: Python reads them back exactly, and only the app reads this.
    return json.dumps(record, default=str)


def encode_error(message: str, user_error: bool) -> str:
    return json.dumps({"event": ERROR_EVENT, "user_error": user_error, "message": message})


def decode_record(line: str) -> tuple[int | None, Event]:
    """(index in a sweep or None, event) from one line of the child; an error line raises UserError or TrainingCrashed."""
    record = json.loads(line)
    if record.get("event") == ERROR_EVENT:
        raise UserError(record["message"]) if record["user_error"] else TrainingCrashed(record["message"])
    index = record.pop(RUN_KEY, None)
    return index, event_from_json(record)
