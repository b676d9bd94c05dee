"""What each field of a resume checkpoint must hold, checked before any of it reaches the trainer.

A checkpoint that unpickled safely can still hold anything (a hand edit, another program's file, a
damaged disk): each field is checked for its kind and range, then the fields against each other, so a
bad file is refused in one line naming the field instead of failing somewhere inside training.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch

from tui.core.schedule_config import CONSTANT, SCHEDULE_KINDS

MT_KEYS = 624  # numpy's MT19937 state: 624 32-bit words and a position 0..624
DIAGNOSIS_KEYS = {"announced", "_pending", "_held", "_lowest"}  # DiagnosisTracker.state_dict()'s keys


def _count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 2**63 - 1


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _finite_number(v: Any) -> bool:
    return _number(v) and math.isfinite(v)


def _tensors(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(k, str) and isinstance(t, torch.Tensor) for k, t in v.items())


def _finite_tensors(v: Any) -> bool:
    return _tensors(v) and all(bool(t.isfinite().all()) for t in v.values() if t.is_floating_point())


def _rng(v: Any) -> bool:
    return isinstance(v, torch.Tensor) and v.dtype == torch.uint8 and v.dim() == 1


def _text_or_none(v: Any) -> bool:
    return v is None or isinstance(v, str)


def _stopper(v: Any) -> bool:
    return (isinstance(v, dict) and {"best", "best_epoch", "wait"} <= set(v) and (v["best"] is None or _number(v["best"]))
            and (v["best_epoch"] is None or _count(v["best_epoch"])) and _count(v["wait"]))


def _numpy_rng(v: Any) -> bool:
    if not (isinstance(v, dict) and {"name", "keys", "pos", "has_gauss", "cached_gaussian"} <= set(v)):
        return False
    keys = v["keys"]
    return (v["name"] == "MT19937" and isinstance(keys, torch.Tensor) and keys.dim() == 1 and keys.numel() == MT_KEYS
            and not keys.is_floating_point() and bool(((keys >= 0) & (keys < 2**32)).all())
            and _count(v["pos"]) and v["pos"] <= MT_KEYS and v["has_gauss"] in (0, 1) and _number(v["cached_gaussian"]))


def _diagnosis(v: Any) -> bool:
    return (isinstance(v, dict) and set(v) <= DIAGNOSIS_KEYS and _text_or_none(v.get("announced"))
            and _text_or_none(v.get("_pending")) and _count(v.get("_held", 0)) and _number(v.get("_lowest", 0.0)))


def _plain(v: Any) -> bool:
    """What torch's schedulers keep: numbers, words, flags and lists or tables of them (never a tensor or code)."""
    if isinstance(v, dict):
        return all(isinstance(k, str) and _plain(x) for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return all(_plain(x) for x in v)
    return v is None or isinstance(v, (bool, int, str)) or (isinstance(v, float) and not math.isnan(v))


def _schedule(v: Any) -> bool:
    if not (isinstance(v, dict) and set(v) == {"kind", "base_lr", "scheduler"} and v["kind"] in SCHEDULE_KINDS):
        return False
    scheduler = v["scheduler"]
    shaped = scheduler is None if v["kind"] == CONSTANT else (isinstance(scheduler, dict) and _plain(scheduler)
                                                               and _count(scheduler.get("last_epoch", 0)))
    return shaped and _finite_number(v["base_lr"]) and v["base_lr"] > 0


# The snapshot's keys every version-1 file has, and the kind of value each must hold.
CHECKS: dict[str, Callable[[Any], bool]] = {
    "epoch": _count, "global_step": _count, "model": _finite_tensors, "optimizer": lambda v: isinstance(v, dict),
    "stopper": _stopper, "generator": _rng, "torch_rng": _rng, "numpy_rng": _numpy_rng,
    "history_train": lambda v: isinstance(v, list) and all(_number(x) for x in v),
    "history_val": lambda v: isinstance(v, list) and all(x is None or _number(x) for x in v),
    "diagnosis": _diagnosis, "best_model": lambda v: v is None or _finite_tensors(v),
    "elapsed": lambda v: _finite_number(v) and v >= 0, "data_fingerprint": lambda v: isinstance(v, str),
}
# Keys a file may lack (it was written before they existed); checked when present.
OPTIONAL_CHECKS: dict[str, Callable[[Any], bool]] = {"schedule": _schedule}


def field_problem(payload: dict[str, Any]) -> str:
    """The first problem with a checkpoint's fields (each on its own, then against each other); '' when none."""
    bad = next((name for name, ok in CHECKS.items() if not ok(payload[name])), None)
    bad = bad or next((name for name, ok in OPTIONAL_CHECKS.items() if name in payload and not ok(payload[name])), None)
    if bad is not None:
        return f"bad {bad!r}"
    epoch = payload["epoch"]
    for name in ("history_train", "history_val"):
        if len(payload[name]) != epoch:  # one loss per finished epoch: the divergence bound and the diagnosis index them
            return f"bad {name!r}: {len(payload[name])} losses for {epoch} epochs"  # not translated: a detail of a damaged checkpoint
    return ""
