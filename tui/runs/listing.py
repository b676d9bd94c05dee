"""Reading run folders back (torch-free: the CLI and the runs screen list runs without loading torch)."""

from __future__ import annotations

import csv
import json
import math
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.vocabulary import (
    DAMAGED,
    INTERRUPTED,
    RUN_STATUSES,
    RUNNING,
    SUMMARY_FINISHED,
    SUMMARY_RUNNING,
    TRAIN_LOSS,
    VAL_LOSS,
    RunStatus,
    metric_mode,
)
from tui.runs.metrics_file import METRIC_COLUMNS, parse_int, read_metrics


@dataclass(frozen=True)
class RunInfo:
    """One run folder as listed by `nn-tui runs` and the runs screen. Damaged folders are listed too."""

    name: str  # the folder's name
    path: Path
    started: str  # "YYYY-MM-DD HH:MM:SS"
    status: RunStatus
    dataset: str = "?"
    model: str = "?"  # hidden sizes and activation, e.g. "8-9 relu"
    optimizer: str = "?"
    lr: float | None = None
    batch: str = "?"
    epochs: int = 0  # epochs completed
    monitor: str | None = None
    best: float | None = None
    best_epoch: int | None = None
    note: str = ""  # why a run is damaged or interrupted


def is_run_dir(path: Path) -> bool:
    return path.is_dir() and any((path / name).exists() for name in ("config.toml", "summary.json", "metrics.csv"))


def list_runs(root: Path) -> list[RunInfo]:
    """Every run folder under `root`, oldest first."""
    if not root.is_dir():
        return []
    runs = [read_run(path) for path in root.iterdir() if is_run_dir(path)]
    return sorted(runs, key=lambda r: (r.started, r.name))


def read_run(path: Path) -> RunInfo:
    """What a run folder says about itself; never raises for a damaged or half-written folder."""
    notes: list[str] = []
    config = _read_toml(path / "config.toml", notes)
    summary = _read_json(path / "summary.json", notes)
    rows = _read_rows(path, notes)
    data, model, training = (config.get(k) or {} for k in ("data", "model", "training"))
    status = _status(summary, notes)
    last_epoch = parse_int(rows[-1].get("epoch")) if rows else None
    monitor, best, best_epoch = summary.get("monitor"), summary.get("best"), summary.get("best_epoch")
    if status in (INTERRUPTED, RUNNING) or (best is None and rows):
        monitor, best, best_epoch = _best_from_rows(rows, config)
    hidden = model.get("hidden")
    return RunInfo(
        name=path.name,
        path=path,
        started=_started(summary, path),
        status=status,
        dataset=str(data.get("dataset", summary.get("dataset", "?"))),
        model=(("-".join(str(h) for h in hidden) or "linear") + f" {model.get('activation', 'relu')}") if isinstance(hidden, list) else "?",
        optimizer=str(training.get("optimizer", "?")),
        lr=training.get("lr") if isinstance(training.get("lr"), (int, float)) else None,
        batch=str(training.get("batch_size", "?")),
        epochs=int(summary.get("epochs") or 0) if status not in (INTERRUPTED, RUNNING) else (last_epoch or 0),
        monitor=monitor,
        best=best if isinstance(best, (int, float)) else None,
        best_epoch=best_epoch if isinstance(best_epoch, int) else None,
        note="; ".join(notes),
    )


def read_curves(path: Path) -> dict[str, list[float | None]]:
    """epoch, train_loss and val_loss (and the other metrics) of a run as columns; empty when unreadable."""
    try:
        rows = read_metrics(path)
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    curves: dict[str, list[float | None]] = {name: [] for name in METRIC_COLUMNS}
    for row in rows:
        for name in METRIC_COLUMNS:
            curves[name].append(_float(row.get(name)))
    return curves


def resolve_run(spec: str, root: Path) -> Path:
    """A run folder from a path, a folder name under `root`, 'latest', or a run name (its newest folder)."""
    from tui.core.errors import UserError

    if "/" in spec or os.sep in spec:
        path = Path(spec).expanduser()
        if not is_run_dir(path):
            raise UserError(f"{spec}: not a run folder (no config.toml, summary.json or metrics.csv in it)")
        return path
    if spec in ("", ".", "..") or spec.startswith(".") or not all(c.isalnum() or c in "._-" for c in spec):
        raise UserError(f"{spec!r} is not a run name (letters, digits, '.', '_' or '-'); see `nn-tui runs`")
    runs = list_runs(root)
    exact = [r for r in runs if r.name == spec]
    if exact:
        return exact[0].path
    matches = runs if spec == "latest" else [r for r in runs if r.name.startswith(spec + "-")]
    if matches:
        return matches[-1].path
    known = ", ".join(r.name for r in runs[-5:]) or "none yet"
    raise UserError(f"no run named {spec!r} in {root}; recent runs: {known} (see `nn-tui runs`)")


def _read_toml(file: Path, notes: list[str]) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        notes.append("config.toml missing")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        notes.append(f"config.toml unreadable ({type(error).__name__})")
    return {}


def _read_json(file: Path, notes: list[str]) -> dict[str, Any]:
    try:
        value = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(value, dict):
            return value
        notes.append("summary.json is not an object")
    except FileNotFoundError:
        notes.append("no summary.json")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        notes.append(f"summary.json unreadable ({type(error).__name__})")
    return {}


def _read_rows(path: Path, notes: list[str]) -> list[dict[str, str]]:
    try:
        return read_metrics(path)
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        notes.append(f"metrics.csv unreadable ({type(error).__name__})")
        return []


def _status(summary: dict[str, Any], notes: list[str]) -> RunStatus:
    if any("unreadable" in n or "missing" in n or "not an object" in n for n in notes):
        return DAMAGED
    reason = summary.get("reason")
    if summary.get("status") == SUMMARY_FINISHED and reason in RUN_STATUSES:
        return reason
    if summary.get("status") == SUMMARY_RUNNING and _alive(summary):
        return RUNNING
    notes.append("ended without a summary (killed?)")
    return INTERRUPTED


def _alive(summary: dict[str, Any]) -> bool:
    """The run's process is still running on this machine."""
    import socket

    pid = summary.get("pid")
    if not isinstance(pid, int) or summary.get("host") != socket.gethostname():
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _started(summary: dict[str, Any], path: Path) -> str:
    text = summary.get("started_at")
    if isinstance(text, str) and len(text) >= 19:
        return text[:19].replace("T", " ")
    stamp = re.search(r"-(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)(-\d+)?$", path.name)  # new_run_dir's name
    if stamp:
        y, mo, d, h, mi, sec = stamp.groups()[:6]
        return f"{y}-{mo}-{d} {h}:{mi}:{sec}"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(path.stat().st_mtime))


def _best_from_rows(rows: list[dict[str, str]], config: dict[str, Any]) -> tuple[str | None, float | None, int | None]:
    monitor = (config.get("early_stopping") or {}).get("monitor", VAL_LOSS)
    if not any(_float(r.get(monitor)) is not None for r in rows):
        monitor = TRAIN_LOSS
    scored = [(v, parse_int(r.get("epoch"))) for r in rows if (v := _float(r.get(monitor))) is not None]
    if not scored:
        return monitor, None, None
    pick = max if metric_mode(monitor) == "max" else min
    value, epoch = pick(scored, key=lambda item: item[0])
    return monitor, value, epoch


def _float(text: str | None) -> float | None:
    try:
        value = float(text) if text not in (None, "") else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None

