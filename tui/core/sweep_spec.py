"""Sweeps: controlled races. One run per value of ONE config key, everything else identical.

A preset's `[sweep]` section names the key and its values, e.g.

    [sweep]
    "training.optimizer" = ["sgd", "adam", "rmsprop", "adagrad"]

(an unquoted dotted key, `training.optimizer = [...]`, means the same). Every run keeps the
preset's seed, so the data split, the initial weights and the batch order are the same: the
Trainer seeds torch right before it builds the model, and the runs share one loaded dataset.
This module is the torch-free description; tui.experiments.sweep runs one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tui.core.config import RunConfig, closest, config_to_dict, validate_config
from tui.core.errors import ConfigError
from tui.core.i18n import N_
from tui.core.keys import flatten, join_key, sections, split_key, with_key

SWEEPABLE_SECTIONS = ("data", "model", "training", "early_stopping")


MAX_VALUES = 16


@dataclass(frozen=True)
class SweepRun:
    label: str  # the value as the preset writes it, e.g. "adam", "full", "0.01"
    value: Any
    config: RunConfig


def check_sweep(section: dict[str, Any], base: dict[str, Any] | None) -> dict[str, list[Any]]:
    """Validate a [sweep] section against the rest of the config (`base`, plain data; None = skip values).

    Returns the section flattened to {"section.key": [values]}; raises ValueError naming what is wrong.
    """
    flat = flatten(section)
    if not flat:
        raise ValueError(N_("a sweep varies exactly one key, this one names 0 (none)"))
    if len(flat) != 1:
        raise ValueError(N_("a sweep varies exactly one key, this one names {count} ({names})").format(
            count=len(flat), names=", ".join(flat)))
    (key, values), = flat.items()
    _check_key(key)
    if not isinstance(values, list) or not values:
        raise ValueError(N_("{key}: give a non-empty list of values, e.g. {key} = [{example}]").format(key=key, example=_example(key)))
    if len(values) > MAX_VALUES:
        raise ValueError(N_("{key}: {count} values; a sweep races at most {most}").format(key=key, count=len(values), most=MAX_VALUES))
    labels = [value_label(v) for v in values]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValueError(N_("{key}: the value {value} appears more than once").format(key=key, value=repeated[0]))
    if base is not None:
        for i, value in enumerate(values):
            try:
                validate_config(with_value(base, key, value))
            except ConfigError as error:
                raise ValueError(N_("{key}[{index}] = {value}: {problem}").format(
                    key=key, index=i, value=labels[i], problem=error)) from None
    return {key: list(values)}


def sweep_runs(config: RunConfig) -> list[SweepRun]:
    """One validated config per value of the sweep (no `sweep` section left in them)."""
    if not config.sweep:
        raise ConfigError.about("sweep", N_("this preset has no [sweep] section"))
    (key, values), = check_sweep(config.sweep, None).items()
    base = config_to_dict(config)
    runs = []
    for value in values:
        label = value_label(value)
        raw = with_value(base, key, value)
        raw["name"] = run_name(config.name, label)
        runs.append(SweepRun(label, value, validate_config(raw)))
    return runs


def sweep_key(config: RunConfig) -> str:
    return next(iter(flatten(config.sweep or {})), "")


def with_value(base: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """The plain config of one run: `base` with the swept key set, without the sweep and tune sections."""
    return with_key({k: v for k, v in base.items() if k not in ("sweep", "tune")}, key, value)


def value_label(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(value_label(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).lower() if isinstance(value, bool) else str(value)


def run_name(base: str, label: str) -> str:
    """A run-folder-safe name: the preset's name plus the value (lists as 64x64)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", label.replace(", ", "x")).strip("-.") or "value"
    return f"{base}-{slug}"[:64].rstrip("-.")


def _check_key(key: str) -> None:
    if key == "seed":
        return
    section, *rest = split_key(key)
    field = join_key(*rest)
    if section not in SWEEPABLE_SECTIONS or not field:
        allowed = ", ".join(f"{s}.KEY" for s in SWEEPABLE_SECTIONS)
        raise ValueError(N_("{key!r} is not a config key a sweep can vary; use seed or {allowed}").format(key=key, allowed=allowed))
    model, name, *deeper = sections(RunConfig)[section], *rest
    if deeper and name in model.model_fields and (inner := sections(model).get(name)) is not None:
        model, section, field = inner, join_key(section, name), join_key(*deeper)  # a table's key: training.schedule.kind
    fields = list(model.model_fields)
    if field not in fields:
        close = closest(field, fields)
        template = (N_("unknown key {key!r} (did you mean {close!r}?); keys of [{section}]: {keys}") if close
                    else N_("unknown key {key!r}; keys of [{section}]: {keys}"))
        raise ValueError(template.format(key=key, close=close, section=section, keys=", ".join(fields)))


def _example(key: str) -> str:
    return {"training.optimizer": '"sgd", "adam"', "training.batch_size": '"full", 1, 32'}.get(key, "0.01, 0.1")

