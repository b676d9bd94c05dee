"""The run folder: runs/<name>-<timestamp>/ with config, metrics, events, best weights and a summary."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import tomli_w

from .atomic import atomic_write_text  # torch-free: listing runs (the CLI, the runs screen) must not import torch
from .config import RunConfig, config_to_dict, metric_mode
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
    from .errors import UserError

    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        path = root / (f"{name}-{stamp}" if n == 1 else f"{name}-{stamp}-{n}")
        try:
            root.mkdir(parents=True, exist_ok=True)
            path.mkdir()
            return path
        except FileExistsError:
            continue
        except OSError as error:  # a runs folder under a file, read-only, or not permitted: the user's to fix
            raise UserError(f"runs folder {root}: cannot create a run folder there ({error.strerror or error}); see --runs-dir") from None
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
    return json_line(event.to_json())


def json_line(record: dict[str, Any]) -> str:
    """An event's JSON (`to_json()`) as one line that parses everywhere."""
    return json.dumps(_finite(record), default=_json_default)


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
        self._tensorboard = tensorboard_writer(path, purge_step=None if keep_epochs is None else keep_epochs + 1)
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
        record = event.to_json()  # once: each epoch's event goes to both files
        self._events.write(json_line(record) + "\n")
        self._events.flush()
        if isinstance(event, EpochEnded):
            self._writer.writerow({k: ("" if v is None else v) for k, v in record.items()})
            self._metrics.flush()
            if self._tensorboard is not None:
                write_scalars(self._tensorboard, event)

    def save_best(self, state: dict) -> Path:
        from .checkpoint import save_weights

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
    for name in METRIC_COLUMNS[2:-2]:
        value = getattr(event, name)
        if value is not None and math.isfinite(value):
            split, _, metric = name.partition("_")
            writer.add_scalar(f"{metric}/{split}", value, event.epoch)
    writer.flush()


def truncate_metrics(path: Path, keep_epochs: int) -> None:
    """Drop metrics rows after `keep_epochs` (and a half-written last line), atomically."""
    file = path / "metrics.csv"
    if not file.exists():
        return
    rows = [r for r in read_metrics(path) if _int(r.get("epoch")) is not None and _int(r.get("epoch")) <= keep_epochs]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=METRIC_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write_text(file, buffer.getvalue())


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def read_metrics(path: Path) -> list[dict[str, str]]:
    """Rows of a run's metrics.csv; a half-written last line (killed run) is skipped."""
    text = (path / "metrics.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    return [r for r in rows if r.get("elapsed") not in (None,) and None not in r]


# ---------------------------------------------------------------- reading run folders back

RUN_STATUSES = ("completed", "early_stop", "diverged", "stopped", "failed", "running", "interrupted", "damaged")


@dataclass(frozen=True)
class RunInfo:
    """One run folder as listed by `nn-tui runs` and the runs screen. Damaged folders are listed too."""

    name: str  # the folder's name
    path: Path
    started: str  # "YYYY-MM-DD HH:MM:SS"
    status: str  # one of RUN_STATUSES
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
    last_epoch = _int(rows[-1].get("epoch")) if rows else None
    monitor, best, best_epoch = summary.get("monitor"), summary.get("best"), summary.get("best_epoch")
    if status in ("interrupted", "running") or (best is None and rows):
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
        epochs=int(summary.get("epochs") or 0) if status not in ("interrupted", "running") else (last_epoch or 0),
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
    from .errors import UserError

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


def _status(summary: dict[str, Any], notes: list[str]) -> str:
    if any("unreadable" in n or "missing" in n or "not an object" in n for n in notes):
        return "damaged"
    if summary.get("status") == "finished" and summary.get("reason") in RUN_STATUSES:
        return str(summary["reason"])
    if summary.get("status") == "running" and _alive(summary):
        return "running"
    notes.append("ended without a summary (killed?)")
    return "interrupted"


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
    monitor = (config.get("early_stopping") or {}).get("monitor", "val_loss")
    if not any(_float(r.get(monitor)) is not None for r in rows):
        monitor = "train_loss"
    scored = [(v, _int(r.get("epoch"))) for r in rows if (v := _float(r.get(monitor))) is not None]
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
