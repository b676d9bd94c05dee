"""The one validated run configuration: presets, form fields and ``--set`` all end here.

Validation is strict (no type coercion, unknown keys refused, no NaN/inf) so that a typo
or ``batch_size = true`` is reported with the key's name instead of silently accepted.
This module imports no torch: the CLI and the app's form validate without it.
"""

from __future__ import annotations

import difflib
import errno
import math
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tui.core.bounded_read import UnsafeFile, read_bounded
from tui.core.errors import ConfigError, Problem
from tui.core.i18n import N_
from tui.core.keys import NotASection, get_key, join_key, nesting_depth, owner, split_key, with_key
from tui.core.schedule_config import ScheduleConfig
from tui.core.view_config import ViewConfig
from tui.core.vocabulary import (
    CLASSIFICATION,
    METRICS_BY_NAME,
    MONITORS,
    REGRESSION,
    TRAIN_LOSS,
    VAL_LOSS,
    Task,
    monitors_for,
)

STRICT = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, validate_default=True)

# Built-in datasets and the task each one poses. "csv" and "inline" get their task from the data.
DATASET_TASKS: dict[str, Task] = {
    "iris": CLASSIFICATION,
    "wine": CLASSIFICATION,
    "breast_cancer": CLASSIFICATION,
    "digits": CLASSIFICATION,
    "diabetes": REGRESSION,
    "moons": CLASSIFICATION,
    "circles": CLASSIFICATION,
    "xor": CLASSIFICATION,
    "spiral": CLASSIFICATION,
    "blobs": CLASSIFICATION,
    "linear": REGRESSION,
    "sine": REGRESSION,
    "high_dim": CLASSIFICATION,
}
DATA_SOURCES = ("csv", "inline")

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "gelu", "identity")
ACTIVATION_ALIASES = {"linear": "identity"}
REGRESSION_LOSSES = ("mse", "mae", "half_sse", "huber")
CLASSIFICATION_LOSSES = ("cross_entropy", "bce", "hinge")
LOSSES = REGRESSION_LOSSES + CLASSIFICATION_LOSSES
OPTIMIZERS = ("sgd", "adam", "adamw", "rmsprop", "adagrad")
WEIGHT_INITS = ("default", "xavier", "he", "zeros")  # default = torch's own (Kaiming uniform)
DEVICES = ("auto", "cpu", "cuda", "mps")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_SEED = 2**32 - 1  # scikit-learn's and numpy's legacy generators take no larger seed
MAX_THREADS = 1024  # torch.set_num_threads(100_000) exhausts memory instead of failing cleanly



def _number(value: Any) -> float:
    # TOML writes 1 for 1.0: accept int and float, never bool or text.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(N_("must be a number"))
    return float(value)


def _count_or(word: str) -> Any:
    def check(value: Any) -> Any:
        if value == word or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            return value
        raise ValueError(N_("must be a whole number >= 1 or {word!r}").format(word=word))

    return BeforeValidator(check)


PositiveInt = Annotated[StrictInt, Field(ge=1)]
Number = Annotated[float, BeforeValidator(_number)]


class DataConfig(BaseModel):
    """Where the examples come from and how they are split."""

    model_config = STRICT

    dataset: str = "iris"  # built-in name, "csv" (path + target) or "inline" (x + y)
    val_split: Annotated[Number, Field(ge=0, lt=1)] = 0.2  # fraction held out for validation
    standardize: StrictBool = True  # scale features with training-split statistics
    # Synthetic datasets: size, noise and dimensionality (None = the dataset's default).
    n_samples: Annotated[StrictInt, Field(ge=2)] | None = None
    noise: Annotated[Number, Field(ge=0)] | None = None
    n_features: Annotated[StrictInt, Field(ge=1)] | None = None
    # CSV files.
    path: str | None = None  # relative paths resolve against the preset's folder
    target: str | None = None  # column to predict
    features: list[str] | None = None  # default: every other numeric column
    task: Task | None = None  # inferred when absent
    drop_missing: StrictBool = False  # drop rows with blank/NaN cells instead of refusing
    # Inline data (the lecture's worked example): one row of x per example.
    x: list[list[Number]] | None = None
    y: list[Number] | None = None

    @field_validator("dataset")
    @classmethod
    def _known_dataset(cls, value: str) -> str:
        allowed = (*DATASET_TASKS, *DATA_SOURCES)
        return _one_of("dataset", value, allowed)

    @model_validator(mode="after")
    def _source_fields(self) -> DataConfig:
        if self.dataset == "csv" and (not self.path or not self.target):
            raise ValueError(N_("dataset 'csv' needs both 'path' (the file) and 'target' (the column to predict)"))
        if self.dataset == "inline":
            if not self.x or self.y is None:
                raise ValueError(N_("dataset 'inline' needs 'x' (rows of features) and 'y' (one target per row)"))
            if len(self.x) != len(self.y):
                raise ValueError(N_("inline data has {rows} rows in 'x' but {targets} targets in 'y'").format(
                    rows=len(self.x), targets=len(self.y)))
            if len({len(row) for row in self.x}) != 1:
                raise ValueError(N_("inline 'x' rows must all have the same number of features"))
        return self

    @property
    def known_task(self) -> Task | None:
        """The task when it is known without loading data (built-ins, inline, explicit CSV task)."""
        if self.dataset in DATASET_TASKS:
            return DATASET_TASKS[self.dataset]
        if self.dataset == "inline":
            return self.task or REGRESSION
        return self.task


class LayerInit(BaseModel):
    """Explicit initial values of one linear layer, written as in the lecture: x · W + b."""

    model_config = STRICT

    weight: list[list[Number]]  # one row per input, one column per neuron
    bias: list[Number]  # one value per neuron


class ModelConfig(BaseModel):
    """A fully connected network: input → hidden layers → output."""

    model_config = STRICT

    hidden: list[PositiveInt] = Field(default_factory=list)  # hidden layer sizes; [] = no hidden layer
    activation: str = "relu"  # applied after every hidden layer
    init: list[LayerInit] | None = None  # explicit initial weights, one entry per linear layer
    dropout: Annotated[Number, Field(ge=0, lt=1)] = 0.0  # after each hidden layer, in training only; 0 = none
    weight_init: str = "default"  # how the linear layers start (model.init, when given, wins)

    @field_validator("activation")
    @classmethod
    def _known_activation(cls, value: str) -> str:
        value = ACTIVATION_ALIASES.get(value, value)
        return _one_of("activation", value, (*ACTIVATIONS, *ACTIVATION_ALIASES))  # aliases listed as allowed, mapped above

    @field_validator("weight_init")
    @classmethod
    def _known_init(cls, value: str) -> str:
        return _one_of("weight_init", value, WEIGHT_INITS)


class TrainingConfig(BaseModel):
    """How the weights are updated."""

    model_config = STRICT

    loss: str = "cross_entropy"
    optimizer: str = "adam"
    lr: Annotated[Number, Field(gt=0)] = 0.01  # learning rate
    momentum: Annotated[Number, Field(ge=0, lt=1)] = 0.0  # sgd and rmsprop
    nesterov: StrictBool = False  # sgd with momentum > 0
    weight_decay: Annotated[Number, Field(ge=0)] = 0.0  # decoupled (as in the AdamW paper) for adamw, L2 for the rest
    grad_clip: Annotated[Number, Field(ge=0)] = 0.0  # the gradients' largest total norm; 0 = no clipping
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)  # how lr changes over the run
    batch_size: Annotated[int | str, _count_or("full")] = 32  # "full" = the training set (batch GD)
    epochs: PositiveInt = 100
    device: str = "auto"  # auto = cuda, then mps, then cpu
    threads: Annotated[int | str, _count_or("auto")] = "auto"  # torch intra-op threads; auto = 1 for small models
    trace: StrictBool = False  # record every step's forward values and gradients (tiny networks only)
    # Stop when the train loss exceeds this × its first value (after a resume with a new lr: the first resumed epoch's).
    divergence_factor: Annotated[Number, Field(gt=1)] = 1e4

    @field_validator("threads")
    @classmethod
    def _sane_threads(cls, value: int | str) -> int | str:
        if isinstance(value, int) and value > MAX_THREADS:
            raise ValueError(N_("at most {most} threads (or 'auto')").format(most=MAX_THREADS))
        return value

    @field_validator("loss")
    @classmethod
    def _known_loss(cls, value: str) -> str:
        return _one_of("loss", value, LOSSES)

    @field_validator("optimizer")
    @classmethod
    def _known_optimizer(cls, value: str) -> str:
        return _one_of("optimizer", value, OPTIMIZERS)

    @field_validator("device")
    @classmethod
    def _known_device(cls, value: str) -> str:
        if value in DEVICES or re.fullmatch(r"cuda:\d+", value):
            return value
        raise ValueError(N_("unknown device {value!r}; allowed: {allowed} or cuda:N").format(value=value, allowed=", ".join(DEVICES)))

    @model_validator(mode="after")
    def _optimizer_options(self) -> TrainingConfig:
        if self.nesterov and (self.optimizer != "sgd" or self.momentum <= 0):
            raise ValueError(N_("nesterov needs optimizer 'sgd' with momentum > 0"))
        return self


class EarlyStoppingConfig(BaseModel):
    """Stop when the monitored metric has not improved for `patience` epochs."""

    model_config = STRICT

    monitor: str = VAL_LOSS
    patience: Annotated[StrictInt, Field(ge=0)] = 0  # 0 = off
    min_delta: Annotated[Number, Field(ge=0)] = 0.0  # an improvement must beat best by more than this
    restore_best: StrictBool = True  # load the best weights back at the end, on every exit path

    @field_validator("monitor")
    @classmethod
    def _known_monitor(cls, value: str) -> str:
        return _one_of("monitor", value, MONITORS)


class RunConfig(BaseModel):
    """Everything a run needs. Loaded from a preset TOML, a form, or `--set` overrides."""

    model_config = STRICT

    name: str = "run"  # used in the run folder's name
    description: str = ""  # what the user should look at
    description_es: str = ""  # the same in Spanish (docs/DESIGN.md §Languages)
    seed: Annotated[StrictInt, Field(ge=0, le=MAX_SEED)] = 42
    data: DataConfig = Field(default_factory=DataConfig)
    model: ModelConfig = Field(default_factory=ModelConfig)
    training: TrainingConfig = Field(default_factory=TrainingConfig)
    early_stopping: EarlyStoppingConfig = Field(default_factory=EarlyStoppingConfig)
    view: ViewConfig = Field(default_factory=ViewConfig)  # how the app shows the run (tui/core/view_config.py)
    # Optional sections owned by other features; validated by their own modules.
    sweep: dict[str, Any] | None = None  # one key → a list of values, checked by tui/core/sweep_spec.py
    tune: dict[str, Any] | None = None

    @field_validator("sweep")
    @classmethod
    def _one_knob(cls, value: dict[str, Any] | None, info: ValidationInfo) -> dict[str, Any] | None:
        if value is None:
            return None
        from tui.core.sweep_spec import check_sweep  # imported here: sweep.py imports this module

        sections = ("seed", "data", "model", "training", "early_stopping")
        complete = all(name in info.data for name in sections)  # else an earlier field already failed
        base = {k: (v.model_dump() if isinstance(v, BaseModel) else v) for k, v in info.data.items()}
        return check_sweep(value, _drop_none(base) if complete else None)

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(N_("must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (no '/' or '..')"))
        return value

    @model_validator(mode="after")
    def _fits_together(self) -> RunConfig:
        task = self.data.known_task
        if task is not None:
            check_loss_fits(self.training.loss, task)
        if self.early_stopping.patience > 0:
            check_monitor(self.early_stopping.monitor, task, self.data.val_split)
        return self


def check_loss_fits(loss: str, task: str, n_classes: int | None = None) -> None:
    """Refuse a loss that does not fit the task (also called once CSV data has been read)."""
    if task == REGRESSION and loss not in REGRESSION_LOSSES:
        raise ConfigError.about(
            "training.loss",
            N_("{loss!r} is a classification loss but the target is numeric (regression); use one of {allowed}").format(
                loss=loss, allowed=", ".join(REGRESSION_LOSSES)),
        )
    if task == CLASSIFICATION and loss not in CLASSIFICATION_LOSSES:
        raise ConfigError.about(
            "training.loss",
            N_("{loss!r} is a regression loss but the target is a class (classification); use one of {allowed}").format(
                loss=loss, allowed=", ".join(CLASSIFICATION_LOSSES)),
        )
    if n_classes is not None and n_classes > 2 and loss in ("bce", "hinge"):
        raise ConfigError.about(
            "training.loss",
            N_("{loss!r} needs a binary target but this one has {classes} classes; use cross_entropy").format(loss=loss, classes=n_classes),
        )


def check_monitor(monitor: str, task: str | None, val_split: float, key: str = "early_stopping.monitor") -> None:
    """Refuse a metric this run cannot compute; `key` names the setting in the message."""
    metric = METRICS_BY_NAME.get(monitor)
    if metric is None:
        return  # not a metric at all: the monitor's own validation names it
    if metric.split == "val" and val_split == 0:
        template = (N_("{monitor!r} needs a validation split; set data.val_split > 0 or monitor {metric}")
                    if key == "early_stopping.monitor" else
                    N_("{monitor!r} needs a validation split; set data.val_split > 0 or use {metric}"))
        raise ConfigError.about(key, template.format(monitor=monitor, metric=TRAIN_LOSS))
    if task == REGRESSION and metric.task == CLASSIFICATION:
        raise ConfigError.about(key, N_("{monitor!r} needs classes; for regression use {metrics}").format(
            monitor=monitor, metrics=_either(monitors_for(REGRESSION))))
    if task == CLASSIFICATION and metric.task == REGRESSION:
        raise ConfigError.about(key, N_("{monitor!r} is for regression; use {metrics}").format(
            monitor=monitor, metrics=_either(monitors_for(CLASSIFICATION))))


def default_monitor(early_stopping: EarlyStoppingConfig, has_validation: bool) -> str:
    """The metric that decides 'best': the early-stopping monitor, or a sensible default when it is off."""
    if early_stopping.patience > 0 or early_stopping.monitor != VAL_LOSS:
        return early_stopping.monitor
    return VAL_LOSS if has_validation else TRAIN_LOSS


def _either(words: tuple[str, ...]) -> str:
    """'a, b or c'."""
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else "".join(words)


def _one_of(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        close = closest(value, allowed)
        template = (N_("unknown {field} {value!r} (did you mean {close!r}?); allowed: {allowed}") if close
                    else N_("unknown {field} {value!r}; allowed: {allowed}"))
        raise ValueError(template.format(field=field, value=value, close=close, allowed=", ".join(allowed)))
    return value


def closest(value: Any, allowed: Any) -> str | None:
    """The allowed word `value` was probably meant to be (a typo's "did you mean"), if one is close enough."""
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
    return close[0] if close else None


def unknown_key(name: str, allowed: Any) -> str:
    """'unknown key', with the key it was probably meant to be and the keys allowed there."""
    close, listing = closest(name, allowed), ", ".join(map(str, allowed))
    if close and listing:
        return N_("unknown key (did you mean {close!r}?); allowed keys: {allowed}").format(close=close, allowed=listing)
    return N_("unknown key; allowed keys: {allowed}").format(allowed=listing) if listing else N_("unknown key")


# ---------------------------------------------------------------- loading and overrides


def validation_problems(error: ValidationError) -> list[Problem]:
    """One problem per bad key, each saying what is allowed ("config" when the whole config is to blame)."""
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        key = join_key(*(p for p in loc if not str(p).startswith(("function-", "literal[", "union["))))
        kind = item["type"]
        if kind == "extra_forbidden":
            section = owner(RunConfig, loc)
            allowed = list(section.model_fields) if section else []
            problems.append(Problem(key, unknown_key(str(loc[-1]), allowed)))
            continue
        message = item["msg"].removeprefix("Value error, ")  # not translated: pydantic's own prefix, taken off
        got = item.get("input")
        if not (isinstance(got, (dict, list)) or kind == "missing"):
            message = N_("{problem} (got {got!r})").format(problem=message, got=got)
        problems.append(Problem(key or "config", message))
    # A union reports one problem per branch; keep each distinct one once.
    return list(dict.fromkeys(problems))


def validate_config(raw: dict[str, Any]) -> RunConfig:
    """Build a RunConfig from plain data, or raise ConfigError naming every bad key."""
    for section, value in raw.items():  # [sweep] and [tune] take any table; every walk over them recurses
        if nesting_depth(value) > MAX_NESTING:
            raise ConfigError.about(
                str(section)[:40], N_("tables nested more than {most} deep (a dotted key with that many parts?)").format(most=MAX_NESTING))
    try:
        return RunConfig.model_validate(raw)
    except ValidationError as error:
        raise ConfigError.of(validation_problems(error)) from None


def unterminated_quote(text: str) -> str:
    """The quote character a value opens or closes without its pair ('"abc', "abc'"), else ""."""
    for quote in ('"', "'"):
        if text.count(quote) % 2:
            return quote
    return ""


def parse_override(text: str) -> tuple[str, Any]:
    """`section.key=value` → ("section.key", value). The value is read as TOML; a bare word is a string."""
    if "=" not in text:
        raise ConfigError(N_("--set {text!r}: expected KEY=VALUE, e.g. training.lr=0.01").format(text=text))
    key, _, value_text = text.partition("=")
    key = key.strip()
    if not key or not all(split_key(key)):
        raise ConfigError(N_("--set {text!r}: the key is empty or malformed; expected e.g. training.lr=0.01").format(text=text))
    value_text = value_text.strip()
    try:
        value = tomllib.loads(f"v = {value_text}")["v"]
    except RecursionError:
        raise ConfigError(N_("--set {key}: the value is nested too deeply").format(key=key)) from None
    except tomllib.TOMLDecodeError:
        quote = unterminated_quote(value_text)
        if quote:
            closed = f"{key}={quote}{value_text.strip(quote)}{quote}"
            raise ConfigError(N_("--set {key}: {value!r} has an unterminated {quote} quote; close it: {closed}").format(
                key=key, value=value_text, quote=quote, closed=closed)) from None
        if not re.fullmatch(r"[A-Za-z0-9_.:/\\-]+", value_text):
            raise ConfigError(N_("--set {key}: {value!r} is not a valid value (quote strings, lists look like [64, 64])").format(
                key=key, value=value_text)) from None
        value = value_text
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError.about(key, N_("must be a finite number (got {got})").format(got=value_text))
    return key, value


def apply_overrides(raw: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Return a copy of `raw` with each `--set` override applied (`raw` itself is left as it is)."""
    result = raw
    for text in overrides:
        key, value = parse_override(text)
        section = _check_override_shape(key, value)
        old = get_key(result, key)
        # `training={lr=0.1}` changes lr and keeps the rest, like `training.lr=0.1`; a free-form table is replaced.
        try:
            result = with_key(result, key, {**old, **value} if section and isinstance(old, dict) else value)
        except NotASection as error:
            raise ConfigError(f"--set {error}") from None
    return dict(result)


def _check_override_shape(key: str, value: Any) -> bool:
    """Refuse a value given to a section (`training=3`) or a key below a value (`training.lr.x=3`).

    True when `key` names a section of the config (its keys are merged, not replaced)."""
    path = split_key(key)
    model: type[BaseModel] = RunConfig
    for depth, part in enumerate(path):
        field = model.model_fields.get(part)
        if field is None or (model is RunConfig and part in ("sweep", "tune")):
            return False  # an unknown key (validation names the closest one) or a free-form table
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
            continue
        if depth < len(path) - 1:
            raise ConfigError(N_("--set {key}: {value_key!r} is a value, not a section").format(
                key=key, value_key=join_key(*path[: depth + 1])))
        return False
    if not isinstance(value, dict):
        example = f"{join_key(key, next(iter(model.model_fields)))}=..."
        raise ConfigError(N_("--set {key}: {key!r} is a section, not a value; set one of its keys, e.g. {example}").format(
            key=key, example=example))
    return True


MAX_PRESET_BYTES = 1_000_000
MAX_NESTING = 32  # tables in tables: far more than any config key has parts


def read_toml(path: Path, limit: int = MAX_PRESET_BYTES) -> dict[str, Any]:
    """Read a preset file, turning every way it can be unreadable into a ConfigError."""
    try:
        text = read_bounded(path, limit).decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(N_("{path}: no such preset file").format(path=path)) from None
    except UnsafeFile as error:  # a link to /dev/zero or a pipe would be read forever; a huge file, into memory
        if error.errno == errno.EFBIG:
            raise ConfigError(N_("{path}: {problem}; too large to be a preset").format(path=path, problem=error.strerror)) from None
        raise ConfigError(N_("{path}: cannot read ({problem})").format(path=path, problem=error.strerror)) from None
    except OSError as error:
        raise ConfigError(N_("{path}: cannot read ({problem})").format(path=path, problem=error.strerror)) from None
    except UnicodeDecodeError as error:
        raise ConfigError(N_("{path}: not UTF-8 text (byte {at})").format(path=path, at=error.start)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(N_("{path}: invalid TOML: {reason}").format(path=path, reason=error)) from None
    except RecursionError:  # tomllib recurses once per nested array or table
        raise ConfigError(N_("{path}: invalid preset: arrays or tables nested too deeply").format(path=path)) from None


def load_config(path: Path, overrides: list[str] | None = None, *, limit: int = MAX_PRESET_BYTES) -> RunConfig:
    """Load a preset TOML, apply `--set` overrides, validate. Relative data paths resolve against the preset."""
    raw = apply_overrides(read_toml(path, limit), overrides or [])
    try:
        config = validate_config(raw)
    except ConfigError as error:
        if set_by_overrides(error, overrides or []):  # the user's --set, not the preset file, is to fix
            raise type(error)(f"--set {error}", error.problems) from None
        raise error.found_in(path.name) from None
    return resolve_paths(config, path.parent)


def set_by_overrides(error: ConfigError, overrides: list[str]) -> bool:
    """True when every problem is about a key a --set gave (that key, or one inside a section it gave)."""
    given = [parse_override(text)[0] for text in overrides]
    keys = [problem.key for problem in error.problems]
    return bool(given) and all(key and any(key == g or key.startswith(g + ".") for g in given) for key in keys)


def resolve_paths(config: RunConfig, base: Path) -> RunConfig:
    if config.data.path and not Path(config.data.path).expanduser().is_absolute():
        try:
            resolved = str((base / config.data.path).resolve())
        except (RuntimeError, OSError):  # Python before 3.13 raises RuntimeError for a loop of links
            raise ConfigError.about("data.path", N_("{path}: a loop of symbolic links").format(path=base / config.data.path)) from None
        config = config.model_copy(update={"data": config.data.model_copy(update={"path": resolved})})
    return config


def config_to_dict(config: RunConfig) -> dict[str, Any]:
    """Plain data (TOML-ready: no None values) that validates back to the same config."""

    return _drop_none(config.model_dump(mode="python"))


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value
