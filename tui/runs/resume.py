"""The resume checkpoint: everything needed to continue a run exactly where it stopped.

A snapshot is a Trainer's `state_dict()` taken at an epoch boundary whose weights are finite
(tui.runs.recorder decides when: at most every ~second and always where a run ends, so every exit
path writes a consistent state, never NaN weights; a stop in the middle of an epoch resumes from
the last snapshot). Files are written with torch.save to bytes + an atomic replace, and read ONLY
with torch.load(weights_only=True): loading a checkpoint never executes code.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from tui.core.config import RunConfig, config_to_dict, load_config
from tui.core.errors import UserError
from tui.runs.weights import atomic_write_bytes
from tui.training.state import map_tensors

CHECKPOINT_NAME = "resume.pt"
FORMAT = "nn-tui-resume"
VERSION = 1
HEADER = ("format", "version", "saved_at")  # the payload's keys besides the snapshot's

# Keys a resume may change; anything else would make the continued run a different experiment.
RESUMABLE_CHANGES = {
    ("description",),
    ("training", "epochs"),
    ("training", "lr"),
    ("training", "device"),
    ("training", "threads"),
    ("training", "divergence_factor"),
    ("early_stopping", "patience"),
    ("early_stopping", "min_delta"),
    ("early_stopping", "restore_best"),
}

Snapshot = dict[str, Any]  # a Trainer.state_dict() at the end of epoch snapshot["epoch"] (0 = before the first step)


def all_finite(state: dict[str, torch.Tensor]) -> bool:
    flags = [t.isfinite().all() for t in state.values() if t.is_floating_point()]
    return bool(torch.stack(flags).all()) if flags else True


def to_bytes(snapshot: Snapshot) -> bytes:
    payload = {"format": FORMAT, "version": VERSION, "saved_at": time.time(), **map_tensors(snapshot, lambda t: t.to("cpu"))}
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue()


def write_checkpoint(run_dir: Path, snapshot: Snapshot) -> Path:
    path = run_dir / CHECKPOINT_NAME
    atomic_write_bytes(path, to_bytes(snapshot))
    return path


def read_checkpoint(run_dir: Path) -> Snapshot:
    """Load `run_dir`/resume.pt; a missing, damaged or foreign file is a clear UserError."""
    path = run_dir / CHECKPOINT_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{run_dir}: no resume checkpoint ({CHECKPOINT_NAME}); this run cannot be resumed") from None
    try:
        payload = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as error:  # pickle, zip and torch raise many types for damaged files
        raise UserError(f"{path}: damaged or not a checkpoint ({type(error).__name__}); this run cannot be resumed") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise UserError(f"{path}: not an nn-tui resume checkpoint")
    if payload.get("version") != VERSION:
        raise UserError(f"{path}: checkpoint version {payload.get('version')!r}, this nn-tui reads version {VERSION}")
    missing = next((name for name in CHECKS if name not in payload), None)
    if missing is not None:
        raise UserError(f"{path}: incomplete checkpoint (missing {missing!r}); this run cannot be resumed")
    problem = next((f"bad {name!r}" for name, ok in CHECKS.items() if not ok(payload[name])), "")
    if problem:
        raise UserError(f"{path}: damaged checkpoint ({problem}); this run cannot be resumed")
    return {name: value for name, value in payload.items() if name not in HEADER}


def _count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _tensors(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(t, torch.Tensor) for t in v.values())


def _rng(v: Any) -> bool:
    return isinstance(v, torch.Tensor) and v.dtype == torch.uint8


# The snapshot's keys every version-1 file has, and the kind of value each must hold: a checkpoint that
# unpickled safely but holds something else is refused by name instead of failing somewhere in the trainer.
CHECKS: dict[str, Callable[[Any], bool]] = {
    "epoch": _count, "global_step": _count, "model": _tensors, "optimizer": lambda v: isinstance(v, dict),
    "stopper": lambda v: isinstance(v, dict) and {"best", "best_epoch", "wait"} <= set(v),
    "generator": _rng, "torch_rng": _rng,
    "numpy_rng": lambda v: isinstance(v, dict) and {"name", "keys", "pos", "has_gauss", "cached_gaussian"} <= set(v),
    "history_train": lambda v: isinstance(v, list) and all(_number(x) for x in v),
    "history_val": lambda v: isinstance(v, list) and all(x is None or _number(x) for x in v),
    "diagnosis": lambda v: isinstance(v, dict), "best_model": lambda v: v is None or _tensors(v),
    "elapsed": _number, "data_fingerprint": lambda v: isinstance(v, str),
}


def resume_config(run_dir: Path, overrides: list[str] | None = None) -> RunConfig:
    """The run's saved config with `--set` overrides; refuses changes that would make it another experiment."""
    saved_path = run_dir / "config.toml"
    saved = load_config(saved_path)
    config = load_config(saved_path, overrides or [])
    changed = _changed_keys(config_to_dict(saved), config_to_dict(config))
    refused = [".".join(key) for key in changed if key[:2] not in RESUMABLE_CHANGES and key[:1] not in RESUMABLE_CHANGES]
    if refused:
        allowed = ", ".join(".".join(k) for k in sorted(RESUMABLE_CHANGES))
        raise UserError(f"resume: cannot change {', '.join(refused)} when resuming (start a new run); allowed: {allowed}")
    return config


def check_can_continue(config: RunConfig, snapshot: Snapshot) -> None:
    done = snapshot["epoch"]
    if config.training.epochs <= done:
        raise UserError(
            f"resume: the run already has {done} epochs of {config.training.epochs}; to train longer pass "
            f"--set training.epochs=N with N > {done}"
        )


def _changed_keys(old: Any, new: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(old, dict) and isinstance(new, dict):
        keys = sorted(set(old) | set(new))
        return [k for key in keys for k in _changed_keys(old.get(key), new.get(key), (*prefix, key))]
    return [] if old == new else [prefix]
