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
from pathlib import Path
from typing import Any

import torch

from tui.core.atomic import atomic_write_bytes
from tui.core.bounded_read import UnsafeFile, read_bounded, why
from tui.core.config import RunConfig, config_to_dict, load_config
from tui.core.errors import UserError
from tui.core.i18n import N_
from tui.core.keys import changed_keys, join_key, split_key
from tui.core.memory import available_memory
from tui.runs.checkpoint_fields import CHECKS, field_problem
from tui.runs.checkpoint_history import compact
from tui.runs.file_limits import MAX_CHECKPOINT_BYTES, MAX_RUN_CONFIG_BYTES
from tui.training.state import map_tensors

CHECKPOINT_NAME = "resume.pt"
FORMAT = "nn-tui-resume"
VERSION = 1
HEADER = ("format", "version", "saved_at")  # the payload's keys besides the snapshot's

# Keys a resume may change; anything else would make the continued run a different experiment.
RESUMABLE_CHANGES = {
    "description",
    "training.epochs",
    "training.lr",
    "training.device",
    "training.threads",
    "training.divergence_factor",
    "early_stopping.patience",
    "early_stopping.min_delta",
    "early_stopping.restore_best",
    "view.pace",
}

Snapshot = dict[str, Any]  # a Trainer.state_dict() at the end of epoch snapshot["epoch"] (0 = before the first step)


def all_finite(state: dict[str, torch.Tensor]) -> bool:
    flags = [t.isfinite().all() for t in state.values() if t.is_floating_point()]
    return bool(torch.stack(flags).all()) if flags else True


def to_bytes(snapshot: Snapshot) -> bytes:
    payload = {"format": FORMAT, "version": VERSION, "saved_at": time.time(), **map_tensors(compact(snapshot), lambda t: t.to("cpu"))}
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
    try:  # a folder, a device (a link to /dev/zero would be read forever), a pipe or a huge file is refused unread
        data = read_bounded(path, checkpoint_limit())
    except FileNotFoundError:
        raise UserError(N_("{run}: no resume checkpoint ({name}); this run cannot be resumed").format(
            run=run_dir, name=CHECKPOINT_NAME)) from None
    except UnsafeFile as error:
        raise UserError(N_("{path}: {why}; this run cannot be resumed").format(path=path, why=why(error))) from None
    except OSError as error:
        raise UserError(N_("{path}: cannot be read ({why}); this run cannot be resumed").format(
            path=path, why=error.strerror or error)) from None
    try:
        payload = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as error:  # pickle, zip and torch raise many types for damaged files
        raise UserError(N_("{path}: damaged or not a checkpoint ({why}); this run cannot be resumed").format(
            path=path, why=type(error).__name__)) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise UserError(N_("{path}: not an nn-tui resume checkpoint").format(path=path))
    if payload.get("version") != VERSION:
        raise UserError(N_("{path}: checkpoint version {found}, this nn-tui reads version {version}").format(
            path=path, found=repr(payload.get("version")), version=VERSION))
    missing = next((name for name in CHECKS if name not in payload), None)
    if missing is not None:
        raise UserError(N_("{path}: incomplete checkpoint (missing {field}); this run cannot be resumed").format(
            path=path, field=repr(missing)))
    problem = field_problem(payload)
    if problem:
        raise UserError(N_("{path}: damaged checkpoint ({why}); this run cannot be resumed").format(path=path, why=problem))
    return {name: value for name, value in payload.items() if name not in HEADER}


def checkpoint_limit() -> int:
    """The largest resume.pt read: its bytes and the tensors made from them must fit the memory available."""
    room = available_memory()
    return MAX_CHECKPOINT_BYTES if room is None else min(MAX_CHECKPOINT_BYTES, room // 2)


def resume_config(run_dir: Path, overrides: list[str] | None = None) -> RunConfig:
    """The run's saved config with `--set` overrides; refuses changes that would make it another experiment."""
    saved_path = run_dir / "config.toml"
    saved = load_config(saved_path, limit=MAX_RUN_CONFIG_BYTES)
    config = load_config(saved_path, overrides or [], limit=MAX_RUN_CONFIG_BYTES)
    changed = changed_keys(config_to_dict(saved), config_to_dict(config))
    refused = [key for key in changed if not any(join_key(*split_key(key)[:n]) in RESUMABLE_CHANGES for n in (1, 2))]
    if refused:
        allowed = ", ".join(sorted(RESUMABLE_CHANGES))
        raise UserError(N_("resume: cannot change {keys} when resuming (start a new run); allowed: {allowed}").format(
            keys=", ".join(refused), allowed=allowed))
    return config


def check_can_continue(config: RunConfig, snapshot: Snapshot) -> None:
    done = snapshot["epoch"]
    if config.training.epochs <= done:
        raise UserError(
            N_("resume: the run already has {done} epochs of {total}; to train longer pass "
               "--set training.epochs=N with N > {done}").format(done=done, total=config.training.epochs)
        )

