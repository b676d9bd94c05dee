"""The resume checkpoint: everything needed to continue a run exactly where it stopped.

A snapshot is a copy of the state at an epoch boundary whose weights are finite. The trainer
takes one at most every ~second (a copy costs ~0.2 ms, as much as a whole epoch of a tiny
model) and always at the boundary where a run ends, so every exit path (completed, early stop,
user stop, signal, divergence, error) writes a consistent state, never NaN weights; a stop in
the middle of an epoch resumes from the last snapshot. Files are written with torch.save to bytes + an atomic replace, and read
ONLY with torch.load(weights_only=True): loading a checkpoint never executes code.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from tui.core.config import RunConfig, config_to_dict, load_config
from tui.core.errors import UserError
from tui.runs.weights import atomic_write_bytes

CHECKPOINT_NAME = "resume.pt"
FORMAT = "nn-tui-resume"
VERSION = 1
WRITE_EVERY_SECONDS = 10.0  # during training; every exit path writes regardless
SNAPSHOT_EVERY_SECONDS = 1.0  # at most this much training is redone after a stop inside an epoch

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


@dataclass
class Snapshot:
    """The training state at the end of epoch `epoch` (0 = before the first step)."""

    epoch: int
    global_step: int
    model: dict[str, torch.Tensor]
    optimizer: dict[str, Any]
    stopper: dict[str, Any]
    generator: torch.Tensor  # the trainer's CPU generator (batch order)
    torch_rng: torch.Tensor  # torch's global CPU generator
    numpy_rng: dict[str, Any]
    history_train: list[float] = field(default_factory=list)
    history_val: list[float | None] = field(default_factory=list)
    diagnosis: dict[str, Any] = field(default_factory=dict)  # the curve-diagnosis tracker's state
    best_model: dict[str, torch.Tensor] | None = None  # the best weights so far, consistent with `stopper`
    elapsed: float = 0.0  # training seconds before this point
    data_fingerprint: str = ""


def all_finite(state: dict[str, torch.Tensor]) -> bool:
    flags = [t.isfinite().all() for t in state.values() if t.is_floating_point()]
    return bool(torch.stack(flags).all()) if flags else True


def clone_state(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in state.items()}


def numpy_rng_state() -> dict[str, Any]:
    name, keys, pos, has_gauss, cached = np.random.get_state()
    return {"name": str(name), "keys": torch.from_numpy(np.asarray(keys, dtype=np.int64)), "pos": int(pos),
            "has_gauss": int(has_gauss), "cached_gaussian": float(cached)}


def set_numpy_rng_state(state: dict[str, Any]) -> None:
    keys = state["keys"].numpy().astype(np.uint32)
    np.random.set_state((state["name"], keys, state["pos"], state["has_gauss"], state["cached_gaussian"]))


def take_snapshot(trainer: Any, epoch: int, elapsed: float, data_fingerprint: str) -> Snapshot | None:
    """A deep copy of the trainer's state, or None when its weights are no longer finite."""
    model_state = trainer.model.state_dict()
    if not all_finite(model_state):
        return None
    return Snapshot(
        epoch=epoch,
        global_step=trainer.global_step,
        model=clone_state(model_state),
        optimizer=_map_tensors(trainer.optimizer.state_dict(), lambda t: t.detach().clone()),
        stopper=dict(trainer.stopper.state_dict()),
        generator=trainer.generator.get_state(),
        torch_rng=torch.get_rng_state(),
        numpy_rng=numpy_rng_state(),
        history_train=list(trainer.history_train),
        history_val=list(trainer.history_val),
        diagnosis=dict(vars(trainer.diagnosis)),
        best_model=trainer.best_state,  # replaced, never changed in place, on each improvement: no copy needed
        elapsed=elapsed,
        data_fingerprint=data_fingerprint,
    )


def to_bytes(snapshot: Snapshot) -> bytes:
    payload = {"format": FORMAT, "version": VERSION, "saved_at": time.time(), **asdict(snapshot)}
    payload["model"] = {k: v.to("cpu") for k, v in snapshot.model.items()}
    if snapshot.best_model is not None:
        payload["best_model"] = {k: v.to("cpu") for k, v in snapshot.best_model.items()}
    payload["optimizer"] = _map_tensors(snapshot.optimizer, lambda t: t.to("cpu"))
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
    try:
        fields = {name: payload[name] for name in Snapshot.__dataclass_fields__}
    except KeyError as error:
        raise UserError(f"{path}: incomplete checkpoint (missing {error}); this run cannot be resumed") from None
    problem = _malformed_field(fields)
    if problem:
        raise UserError(f"{path}: damaged checkpoint ({problem}); this run cannot be resumed")
    return Snapshot(**fields)


def _malformed_field(fields: dict[str, Any]) -> str:
    """What is wrong with a checkpoint that unpickled safely but holds values of the wrong kind ('' if nothing)."""
    def count(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and v >= 0

    def number(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    def tensors(v: Any) -> bool:
        return isinstance(v, dict) and all(isinstance(t, torch.Tensor) for t in v.values())

    def rng(v: Any) -> bool:
        return isinstance(v, torch.Tensor) and v.dtype == torch.uint8

    checks = {
        "epoch": count, "global_step": count, "model": tensors, "optimizer": lambda v: isinstance(v, dict),
        "stopper": lambda v: isinstance(v, dict) and {"best", "best_epoch", "wait"} <= set(v),
        "generator": rng, "torch_rng": rng,
        "numpy_rng": lambda v: isinstance(v, dict) and {"name", "keys", "pos", "has_gauss", "cached_gaussian"} <= set(v),
        "history_train": lambda v: isinstance(v, list) and all(number(x) for x in v),
        "history_val": lambda v: isinstance(v, list) and all(x is None or number(x) for x in v),
        "diagnosis": lambda v: isinstance(v, dict), "best_model": lambda v: v is None or tensors(v),
        "elapsed": number, "data_fingerprint": lambda v: isinstance(v, str),
    }
    return next((f"bad {name!r}" for name, ok in checks.items() if not ok(fields[name])), "")


def restore(trainer: Any, snapshot: Snapshot) -> None:
    """Put a snapshot back into a freshly set-up trainer (same config and data)."""
    if snapshot.data_fingerprint and snapshot.data_fingerprint != trainer.dataset.fingerprint:
        raise UserError(
            "resume: the data differ from the data this run was trained on (fingerprint "
            f"{snapshot.data_fingerprint} vs {trainer.dataset.fingerprint}); start a new run instead"
        )
    try:
        trainer.model.load_state_dict(snapshot.model)
        trainer.optimizer.load_state_dict(snapshot.optimizer)
        if snapshot.best_model is not None:
            trainer.model.load_state_dict(snapshot.best_model)  # the same check for the best weights ...
            trainer.model.load_state_dict(snapshot.model)  # ... then back to the current ones
    except (RuntimeError, ValueError, KeyError, TypeError, AttributeError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise UserError(f"resume: the checkpoint does not fit this run's model or optimizer ({first})") from None
    try:
        _restore_state(trainer, snapshot)
    except (RuntimeError, ValueError, KeyError, TypeError) as error:
        raise UserError(f"resume: damaged checkpoint ({type(error).__name__}: {error}); this run cannot be resumed") from None


def _restore_state(trainer: Any, snapshot: Snapshot) -> None:
    for group in trainer.optimizer.param_groups:
        group["lr"] = trainer.config.training.lr  # a resume may lower the learning rate (e.g. after divergence)
    trainer.stopper.load_state_dict(snapshot.stopper)
    trainer.generator.set_state(snapshot.generator)
    torch.set_rng_state(snapshot.torch_rng)
    set_numpy_rng_state(snapshot.numpy_rng)
    trainer.history_train = list(snapshot.history_train)
    trainer.history_val = list(snapshot.history_val)
    if snapshot.best_model is not None:
        trainer.best_state = {k: v.to(trainer.device) for k, v in snapshot.best_model.items()}
    if snapshot.diagnosis:
        vars(trainer.diagnosis).update(snapshot.diagnosis)
    trainer.start_epoch = snapshot.epoch
    trainer.global_step = snapshot.global_step
    # A resume with another learning rate is a recovery (typically after a divergence): the divergence bound
    # then counts from its first epoch, not from the run's, whose loss the exploded weights are far above.
    saved_lr = (snapshot.optimizer.get("param_groups") or [{}])[0].get("lr")
    if saved_lr is not None and saved_lr != trainer.config.training.lr:
        trainer.divergence_reference = snapshot.epoch


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
    if config.training.epochs <= snapshot.epoch:
        raise UserError(
            f"resume: the run already has {snapshot.epoch} epochs of {config.training.epochs}; to train longer pass "
            f"--set training.epochs=N with N > {snapshot.epoch}"
        )


def _changed_keys(old: Any, new: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(old, dict) and isinstance(new, dict):
        keys = sorted(set(old) | set(new))
        return [k for key in keys for k in _changed_keys(old.get(key), new.get(key), (*prefix, key))]
    return [] if old == new else [prefix]


def _map_tensors(value: Any, fn: Callable[[torch.Tensor], torch.Tensor]) -> Any:
    """An optimizer state (dicts and lists around tensors) with `fn` applied to each tensor.

    Used to clone one: copy.deepcopy of an optimizer state is ~6x slower than cloning its tensors."""
    if isinstance(value, torch.Tensor):
        return fn(value)
    if isinstance(value, dict):
        return {k: _map_tensors(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_tensors(v, fn) for v in value]
    return value
