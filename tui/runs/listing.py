"""Reading run folders back (torch-free: the CLI and the runs screen list runs without loading torch)."""

from __future__ import annotations

import csv
import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.bounded_read import check_bounded, read_bounded, why
from tui.core.i18n import N_, translated
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
from tui.runs.file_limits import MAX_CHECKPOINT_BYTES, MAX_RUN_CONFIG_BYTES, read_summary
from tui.runs.lock import lock_state
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
    pid: int | None = None  # the process training it, while it runs


def is_run_dir(path: Path) -> bool:
    return path.is_dir() and any((path / name).exists() for name in ("config.toml", "summary.json", "metrics.csv"))


def list_runs(root: Path) -> list[RunInfo]:
    """Every run folder under `root`, oldest first."""
    if not root.is_dir():
        return []
    runs = [read_run(path) for path in root.iterdir() if is_run_dir(path)]
    return sorted(runs, key=lambda r: (r.started, r.name))


def read_run(path: Path) -> RunInfo:
    """What a run folder says about itself; never raises for a damaged, half-written or hand-edited folder."""
    notes: list[str] = []
    config = _read_toml(path / "config.toml", notes)
    summary = _read_json(path / "summary.json", notes)
    problems = wrong_types(summary, config)  # a hand-edited field of the wrong type: listed as damaged, never a crash
    notes.extend(problems)
    if problems:
        summary, config = {}, {}
    rows = _read_rows(path, notes)
    _check_checkpoint(path, notes)
    data, model, training = (config.get(k) or {} for k in ("data", "model", "training"))
    status = _status(path, summary, notes, damaged=bool(problems))
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
        pid=_training_pid(path) if status == RUNNING else None,
    )


def _training_pid(path: Path) -> int | None:
    state = lock_state(path)
    return state[1] if state is not None and state[0] else None


MAX_PID = 2**31 - 1  # os.kill takes a C int: a larger "pid" is a hand-edited summary, not a process


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2**63


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: Any) -> bool:
    return isinstance(value, str)


# What each field listings and `runs show` read must hold (None, JSON's null, is always allowed), as the note
# naming a wrong one says it: "summary.json: 'epochs' must be a whole number >= 0".
TEXT = N_("{field} must be text")
NUMBER = N_("{field} must be a number")
COUNT = N_("{field} must be a whole number >= 0")
SUMMARY_FIELDS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "status": (TEXT, _text), "reason": (TEXT, _text), "message": (TEXT, _text), "host": (TEXT, _text),
    "pid": (N_("{field} must be a process id (1 to {most})"), lambda v: _count(v) and 0 < v <= MAX_PID),
    "started_at": (TEXT, _text), "epochs": (COUNT, _count), "start_epoch": (COUNT, _count),
    "best_epoch": (COUNT, _count), "best": (NUMBER, _number), "monitor": (TEXT, _text),
    "seconds": (NUMBER, _number), "device": (TEXT, _text), "dataset": (TEXT, _text),
    "data_fingerprint": (TEXT, _text),
    "versions": (N_("{field} must be a table of names and versions"),
                 lambda v: isinstance(v, dict) and all(_text(x) for x in v.values())),
}
CONFIG_SECTIONS = ("data", "model", "training", "early_stopping")
CONFIG_FIELDS: dict[tuple[str, str], tuple[str, Callable[[Any], bool]]] = {
    ("data", "dataset"): (TEXT, _text),
    ("model", "hidden"): (N_("{field} must be a list of layer sizes"), lambda v: isinstance(v, list) and all(_count(h) for h in v)),
    ("model", "activation"): (TEXT, _text),
    ("training", "optimizer"): (TEXT, _text),
    ("training", "lr"): (NUMBER, _number),
    ("training", "batch_size"): (N_("{field} must be a whole number or 'full'"), lambda v: _count(v) or _text(v)),
    ("early_stopping", "monitor"): (TEXT, _text),
}


def wrong_types(summary: dict[str, Any], config: dict[str, Any]) -> list[str]:
    """One note per field of the wrong type in a run's summary.json and config.toml (empty when all fit)."""
    problems = [
        "summary.json: " + what.format(field=repr(name), most=MAX_PID) for name, (what, ok) in SUMMARY_FIELDS.items()
        if summary.get(name) is not None and not ok(summary[name])
    ]
    for section in CONFIG_SECTIONS:
        if section in config and not isinstance(config[section], dict):
            problems.append("config.toml: " + N_("{field} must be a table").format(field=section))
    for (section, name), (what, ok) in CONFIG_FIELDS.items():
        table = config.get(section)
        if isinstance(table, dict) and name in table and not ok(table[name]):
            problems.append("config.toml: " + what.format(field=f"{section}.{name}"))
    return problems


NOTE_SEPARATOR = "; "  # not translated: punctuation between a run's notes


def shown_note(note: str) -> str:
    """A run's note (RunInfo.note: English, its parts joined by "; ") in the reader's language, part by part."""
    return NOTE_SEPARATOR.join(translated(part) for part in note.split(NOTE_SEPARATOR))


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
            raise UserError(N_("{spec}: not a run folder (no config.toml, summary.json or metrics.csv in it)").format(spec=spec))
        return path
    if spec in ("", ".", "..") or spec.startswith(".") or not all(c.isalnum() or c in "._-" for c in spec):
        raise UserError(N_("{spec} is not a run name (letters, digits, '.', '_' or '-'); see `nn-tui runs`").format(spec=repr(spec)))
    runs = list_runs(root)
    exact = [r for r in runs if r.name == spec]
    if exact:
        return exact[0].path
    matches = runs if spec == "latest" else [r for r in runs if r.name.startswith(spec + "-")]
    if matches:
        return matches[-1].path
    if not runs:  # longer field names than the next message's: translated() tries the longer template first
        raise UserError(N_("no run named {wanted} in {runs_folder}; recent runs: none yet (see `nn-tui runs`)").format(
            wanted=repr(spec), runs_folder=root))
    known = ", ".join(r.name for r in runs[-5:])
    raise UserError(N_("no run named {spec} in {folder}; recent runs: {runs} (see `nn-tui runs`)").format(
        spec=repr(spec), folder=root, runs=known))


def _read_toml(file: Path, notes: list[str]) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(read_bounded(file, MAX_RUN_CONFIG_BYTES).decode("utf-8"))
    except FileNotFoundError:
        notes.append(N_("config.toml missing"))
    except OSError as error:
        notes.append(N_("config.toml unreadable ({why})").format(why=why(error)))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        notes.append(N_("config.toml unreadable ({why})").format(why=type(error).__name__))
    return {}


def _read_json(file: Path, notes: list[str]) -> dict[str, Any]:
    try:
        value = read_summary(file.parent)
        if isinstance(value, dict):
            return value
        notes.append(N_("summary.json is not an object"))
    except FileNotFoundError:
        notes.append(N_("no summary.json"))
    except OSError as error:
        notes.append(N_("summary.json unreadable ({why})").format(why=why(error)))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        notes.append(N_("summary.json unreadable ({why})").format(why=type(error).__name__))
    return {}


def _read_rows(path: Path, notes: list[str]) -> list[dict[str, str]]:
    try:
        return read_metrics(path)
    except FileNotFoundError:
        return []
    except OSError as error:
        notes.append(N_("metrics.csv unreadable ({why})").format(why=why(error)))
    except (UnicodeDecodeError, csv.Error) as error:
        notes.append(N_("metrics.csv unreadable ({why})").format(why=type(error).__name__))
    return []


def _check_checkpoint(path: Path, notes: list[str]) -> None:
    """A resume.pt that a resume would refuse to read (a link to /dev/zero, a pipe, a huge file) marks the folder damaged."""
    try:
        check_bounded(path / "resume.pt", MAX_CHECKPOINT_BYTES)
    except FileNotFoundError:
        pass
    except OSError as error:
        notes.append(N_("resume.pt unreadable ({why})").format(why=why(error)))


def _status(path: Path, summary: dict[str, Any], notes: list[str], *, damaged: bool = False) -> RunStatus:
    broken = ("unreadable", "missing", "not an object")  # not translated: words of the (English) notes above
    if damaged or any(word in n for n in notes for word in broken):
        return DAMAGED
    lock = lock_state(path)  # a training process (a resume too) holds the folder's lock; before locks: its pid
    if lock is not None and lock[0]:
        return RUNNING
    reason = summary.get("reason")
    if summary.get("status") == SUMMARY_FINISHED and reason in RUN_STATUSES:
        return reason
    if summary.get("status") == SUMMARY_RUNNING and lock is None and _alive(summary):
        return RUNNING
    notes.append(N_("ended without a summary (killed?)"))
    return INTERRUPTED


def _alive(summary: dict[str, Any]) -> bool:
    """The run's process is still running on this machine."""
    import socket

    pid = summary.get("pid")
    if not isinstance(pid, int) or not 0 < pid <= MAX_PID or summary.get("host") != socket.gethostname():
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
    trained = [r for r in rows if parse_int(r.get("epoch")) != 0]  # epoch 0 is the untrained model: never the best
    scored = [(v, parse_int(r.get("epoch"))) for r in trained if (v := _float(r.get(monitor))) is not None]
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

