"""The setup form's fields and how their text becomes a config dict (no Textual here: easy to test).

The form never decides what is valid: it turns text into plain values (numbers where the text
is a number, the text itself otherwise) and lets the engine's `validate_config` judge, so the
message beside a field is the engine's own.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from tui.core.config import (
    ACTIVATIONS,
    CLASSIFICATION_LOSSES,
    DATA_SOURCES,
    DATASET_TASKS,
    DEVICES,
    LOSSES,
    OPTIMIZERS,
    REGRESSION_LOSSES,
    WEIGHT_INITS,
)
from tui.core.errors import Problem
from tui.core.i18n import N_, _, translated
from tui.core.keys import drop_key, get_key, key_and_sections, set_key, split_key
from tui.core.schedule_config import SCHEDULE_KINDS, SCHEDULE_PARAMETERS
from tui.core.vocabulary import CLASSIFICATION, MONITORS, REGRESSION, Task

MOMENTUM_OPTIMIZERS = ("sgd", "rmsprop")  # the optimizers that use training.momentum
KNOBS = N_("Regularization and schedule")  # the folded section (a Collapsible): fields most runs leave as they are
SCHEDULE = "training.schedule"


@dataclass(frozen=True)
class FieldSpec:
    key: str  # dotted config key, e.g. "training.lr"
    label: str  # English, marked N_: translated where drawn (docs/DESIGN.md §Languages)
    kind: str  # "text" | "number" | "list" | "select" | "switch"
    options: tuple[str, ...] = ()
    placeholder: str = ""
    section: str = ""
    unset: str = ""  # the option that leaves the key out of the config (the task's "auto")

    @property
    def widget_id(self) -> str:
        return "field-" + "-".join(split_key(self.key)).replace("_", "-")


def _f(key: str, label: str, kind: str, section: str, options: tuple[str, ...] = (), placeholder: str = "", unset: str = "") -> FieldSpec:
    return FieldSpec(key, label, kind, options, placeholder, section, unset)


AUTO = "auto"  # the task inferred from the data


FIELDS: tuple[FieldSpec, ...] = (
    _f("name", N_("run name"), "text", N_("Run"), placeholder=N_("letters, digits, . _ -")),
    _f("data.dataset", N_("dataset"), "select", N_("Data"), (*DATASET_TASKS, "csv")),
    _f("data.path", N_("CSV file"), "text", N_("Data"), placeholder=N_("path/to/file.csv")),
    _f("data.target", N_("target column"), "text", N_("Data"), placeholder=N_("column to predict")),
    _f("data.task", N_("task"), "select", N_("Data"), (AUTO, CLASSIFICATION, REGRESSION), unset=AUTO),
    _f("data.drop_missing", N_("drop missing"), "switch", N_("Data")),
    _f("data.standardize", N_("standardize"), "switch", N_("Data")),
    _f("data.val_split", N_("validation split"), "number", N_("Data"), placeholder="0.2"),
    _f("model.hidden", N_("hidden layers"), "list", N_("Model"), placeholder=N_("e.g. 8, 9 (empty = none)")),
    _f("model.activation", N_("activation"), "select", N_("Model"), ACTIVATIONS),
    _f("training.loss", N_("loss"), "select", N_("Training"), LOSSES),
    _f("training.optimizer", N_("optimizer"), "select", N_("Training"), OPTIMIZERS),
    _f("training.momentum", N_("momentum"), "number", N_("Training"), placeholder=N_("0 to <1")),
    _f("training.lr", N_("learning rate"), "number", N_("Training"), placeholder=N_("e.g. 0.01")),
    _f("training.batch_size", N_("batch size"), "number", N_("Training"), placeholder=N_("a number or full")),
    _f("training.epochs", N_("epochs"), "number", N_("Training"), placeholder=N_("e.g. 100")),
    _f("model.dropout", N_("dropout"), "number", KNOBS, placeholder=N_("0 to <1; 0 = none")),
    _f("training.weight_decay", N_("weight decay"), "number", KNOBS, placeholder=N_("e.g. 0.01; 0 = none")),
    _f("training.grad_clip", N_("gradient clip"), "number", KNOBS, placeholder=N_("max norm; 0 = off")),
    _f("model.weight_init", N_("initial weights"), "select", KNOBS, WEIGHT_INITS),
    _f("training.schedule.kind", N_("lr schedule"), "select", KNOBS, SCHEDULE_KINDS),
    _f("training.schedule.step_size", N_("step size"), "number", KNOBS, placeholder=N_("epochs between drops")),
    _f("training.schedule.gamma", N_("gamma"), "number", KNOBS, placeholder=N_("factor per drop, e.g. 0.5")),
    _f("training.schedule.t_max", N_("T max"), "number", KNOBS, placeholder=N_("epochs (empty = all)")),
    _f("training.schedule.eta_min", N_("lowest lr"), "number", KNOBS, placeholder=N_("e.g. 0.0001 (empty = 0)")),
    _f("early_stopping.monitor", N_("monitor"), "select", N_("Early stopping"), MONITORS),
    _f("early_stopping.patience", N_("patience"), "number", N_("Early stopping"), placeholder=N_("epochs; 0 = off")),
    _f("early_stopping.min_delta", N_("min delta"), "number", N_("Early stopping"), placeholder=N_("e.g. 0.001")),
    _f("early_stopping.restore_best", N_("restore best"), "switch", N_("Early stopping")),
    _f("seed", N_("seed"), "number", N_("Run"), placeholder=N_("e.g. 42")),
    _f("training.device", N_("device"), "select", N_("Run"), DEVICES),
    _f("view.pace", N_("pace (steps/s)"), "number", N_("Run"), placeholder=N_("e.g. 30, or full")),
)
FIELDS_BY_KEY = {spec.key: spec for spec in FIELDS}
LABEL_WIDTH = 18  # the form's label column in English: its longest label and a margin
CSV_KEYS = ("data.path", "data.target", "data.features", "data.drop_missing")  # only a CSV has them
TASK_SOURCES = ("csv", "inline")  # the data sets whose task is the config's to say
LOSSES_FOR = {CLASSIFICATION: CLASSIFICATION_LOSSES, REGRESSION: REGRESSION_LOSSES}


def label_width() -> int:
    """The label column's width: wider where the reader's language has a longer label than English's."""
    return max(LABEL_WIDTH, 2 + max(len(_(spec.label)) for spec in FIELDS))


def parse_number(text: str) -> Any:
    """'3' → 3, '0.1' / '1e-3' → float, anything else stays text for the engine to name."""
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return text


def parse_list(text: str) -> list[Any]:
    """'8, 9' (or '8 9', '[8, 9]') → [8, 9]; '' → [] (no hidden layer)."""
    parts = [p for p in re.split(r"[,\s]+", text.strip().strip("[]")) if p]
    return [parse_number(p) for p in parts]


def parse_field(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "number":
        return parse_number(str(value))
    if spec.kind == "list":
        return parse_list(str(value))
    if spec.kind == "text":
        return str(value).strip()
    return value  # select value or switch bool, already typed


def format_value(spec: FieldSpec, value: Any) -> Any:
    """The form's text for a config value (the inverse of parse_field)."""
    if spec.kind == "list":
        return ", ".join(str(v) for v in value or [])
    if spec.kind in ("number", "text"):
        return "" if value is None else str(value)
    if value is None and spec.unset:
        return spec.unset
    return value


def form_to_raw(base: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The config dict for the form: the loaded config (keeps keys the form does not show) overlaid with the fields."""
    raw = copy.deepcopy(base)
    for key, value in values.items():
        spec = FIELDS_BY_KEY[key]
        if spec.unset and value == spec.unset:
            drop_key(raw, key)
        else:
            set_key(raw, key, parse_field(spec, value))
    dataset = get_key(raw, "data.dataset")
    if dataset != "csv":
        for key in CSV_KEYS:
            drop_key(raw, key)
    if dataset not in TASK_SOURCES:
        drop_key(raw, "data.task")
    if dataset != "inline":
        for key in ("data.x", "data.y"):
            drop_key(raw, key)
    # A schedule keeps only its own kind's parameters; an empty one takes torch's default.
    kind = get_key(raw, f"{SCHEDULE}.kind")
    for name in [name for name in get_key(raw, SCHEDULE) or {} if name != "kind"]:
        key = f"{SCHEDULE}.{name}"
        if values.get(key) == "" or not schedule_field_shown(key, kind):
            drop_key(raw, key)
    # Explicit initial weights only fit the layer sizes they were written for.
    if get_key(raw, "model.init") is not None and get_key(raw, "model.hidden") != get_key(base, "model.hidden"):
        drop_key(raw, "model.init")
    return raw


def dataset_options(current: str | None) -> tuple[str, ...]:
    """The dataset choices; 'inline' only when the loaded preset carries its own examples."""
    names = FIELDS_BY_KEY["data.dataset"].options
    if current in DATA_SOURCES and current not in names:
        return (*names, current)
    return names


def field_shown(key: str, values: dict[str, Any]) -> bool:
    """CSV fields only for a CSV dataset; momentum only for optimizers that use it."""
    if key in CSV_KEYS:
        return values.get("data.dataset") == "csv"
    if key == "data.task":
        return values.get("data.dataset") in TASK_SOURCES
    if key == "training.momentum":
        return values.get("training.optimizer") in MOMENTUM_OPTIMIZERS
    if key.startswith(f"{SCHEDULE}.") and key != f"{SCHEDULE}.kind":
        return schedule_field_shown(key, values.get(f"{SCHEDULE}.kind"))
    return True


def schedule_field_shown(key: str, kind: object) -> bool:
    """A schedule parameter's field only for the kinds that take it."""
    return isinstance(kind, str) and key.rsplit(".", 1)[-1] in SCHEDULE_PARAMETERS.get(kind, ())


def errors_by_field(problems: Iterable[Problem], values: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The engine's problems as a message per form field (the first one for it) and lines for the rest."""
    by_field: dict[str, str] = {}
    general: list[str] = []
    for problem in problems:
        field = _owner(problem.key, values) if problem.key else None
        if field is None:
            general.extend(translated(str(problem)).splitlines())
        elif field not in by_field:
            by_field[field] = translated(problem.message)
    return by_field, general


def _owner(key: str, values: dict[str, Any]) -> str | None:
    """The form field a config key belongs to: itself, its parent (model.hidden.1), or a section's main field."""
    for candidate in key_and_sections(key):
        if candidate in FIELDS_BY_KEY and field_shown(candidate, values):
            return candidate
        if candidate == "data.features" and values.get("data.dataset") == "csv":
            return candidate  # the column picker's
    if key == "data":
        return "data.path" if values.get("data.dataset") == "csv" else "data.dataset"
    return None


def known_task(values: dict[str, Any], inferred: Task | None = None) -> Task | None:
    """The task the form's data poses: the task field, a built-in set's own, else what reading the CSV inferred."""
    dataset = values.get("data.dataset")
    if dataset in DATASET_TASKS:
        return DATASET_TASKS[dataset]
    task = values.get("data.task")
    if task in LOSSES_FOR:
        return task
    return inferred if dataset == "csv" else None


def loss_options(task: Task | None, current: str) -> tuple[str, ...]:
    """The losses that fit the task (all when it is not known yet); the current one stays, to be marked when it does not fit."""
    fitting = LOSSES_FOR.get(task, LOSSES) if task else LOSSES
    return fitting if current in fitting else (*fitting, current)


def data_name(values: dict[str, Any]) -> str:
    """A run name for the form's data: the CSV file's name without its suffix, or the data set's name."""
    dataset = str(values.get("data.dataset") or "")
    stem = PurePath(str(values.get("data.path") or "")).stem if dataset == "csv" else dataset
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")[:64] or "run"
