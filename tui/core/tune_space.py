"""The `[tune]` section: search space per config key, plus the study's settings.

```toml
[tune]
trials = 20                     # trials this process runs
objective = "val_accuracy"      # default: the early-stopping monitor; direction follows the metric
pruner = "median"               # median | hyperband | none
sampler = "tpe"                 # tpe | random
training.lr = {low = 1e-4, high = 1.0, log = true}
training.epochs = {low = 10, high = 50, step = 10}
model.hidden = [[8], [16, 16], [32, 32]]
training.optimizer = ["sgd", "adam"]
```

Dotted keys are config keys (TOML turns `training.lr` into a nested table; a quoted "training.lr"
works too). Every bound and choice is checked against the config's own validation up front, so a
typo is reported before any trial runs. Torch-free and Optuna-free: Optuna is only touched by
`Param.suggest`, which receives a trial object.
"""

from __future__ import annotations

import json
import math
import typing
from dataclasses import dataclass
from typing import Any, Literal

from tui.core.config import MAX_SEED, RunConfig, check_monitor, closest, config_to_dict, default_monitor, validate_config
from tui.core.errors import ConfigError
from tui.core.i18n import N_
from tui.core.keys import is_dotted, join_key, key_and_sections, key_name, sections, split_key, with_key
from tui.core.vocabulary import MONITORS, metric_mode

PRUNERS = ("median", "hyperband", "none")
SAMPLERS = ("tpe", "random")
RANGE_KEYS = ("low", "high", "log", "step")
SETTINGS = ("trials", "objective", "pruner", "sampler", "seed", "startup_trials", "warmup_epochs")
RANGE_EXAMPLE = "{low = 1e-4, high = 1.0, log = true}"  # not translated: a TOML value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class FloatParam:
    key: str
    low: float
    high: float
    log: bool = False
    step: float | None = None

    def suggest(self, trial: Any) -> float:
        return trial.suggest_float(self.key, self.low, self.high, log=self.log, step=self.step)

    def describe(self) -> str:
        return f"{self.low:g} … {self.high:g}" + (" (log)" if self.log else "") + (f" step {self.step:g}" if self.step else "")


@dataclass(frozen=True)
class IntParam:
    key: str
    low: int
    high: int
    log: bool = False
    step: int = 1

    def suggest(self, trial: Any) -> int:
        return trial.suggest_int(self.key, self.low, self.high, log=self.log, step=self.step)

    def describe(self) -> str:
        return f"{self.low} … {self.high}" + (" (log)" if self.log else "") + (f" step {self.step}" if self.step != 1 else "")


@dataclass(frozen=True)
class ChoiceParam:
    """A list of choices. Optuna only stores plain values, so lists (e.g. layer sizes) go by their JSON text."""

    key: str
    choices: tuple[Any, ...]

    @property
    def encoded(self) -> bool:
        return any(isinstance(c, (list, dict)) for c in self.choices)

    def label(self, value: Any) -> Any:
        return json.dumps(value) if self.encoded else value

    def suggest(self, trial: Any) -> Any:
        picked = trial.suggest_categorical(self.key, [self.label(c) for c in self.choices])
        return self.decode(picked)

    def decode(self, stored: Any) -> Any:
        """The config value for what Optuna stored (a JSON label for list choices)."""
        if not self.encoded:
            return stored
        for choice in self.choices:
            if self.label(choice) == stored:
                return choice
        return json.loads(stored) if isinstance(stored, str) else stored

    def describe(self) -> str:
        return " | ".join(json.dumps(c) for c in self.choices)


Param = FloatParam | IntParam | ChoiceParam


@dataclass(frozen=True)
class TuneSpec:
    """A validated `[tune]` section."""

    params: tuple[Param, ...]
    objective: str
    trials: int = 20
    pruner: str = "median"
    sampler: str = "tpe"
    seed: int = 0
    startup_trials: int = 5  # median pruner: completed trials before any pruning
    warmup_epochs: int = 3  # median pruner: epochs every trial runs before it can be pruned

    @property
    def direction(self) -> Literal["minimize", "maximize"]:
        return "maximize" if metric_mode(self.objective) == "max" else "minimize"

    def decode(self, stored: dict[str, Any]) -> dict[str, Any]:
        """Config values for Optuna's stored params (unknown keys, e.g. from an older space, are dropped)."""
        by_key = {p.key: p for p in self.params}
        return {k: (param.decode(v) if isinstance(param := by_key[k], ChoiceParam) else v) for k, v in stored.items() if k in by_key}


# ---------------------------------------------------------------- parsing


def parse_tune(config: RunConfig) -> TuneSpec | None:
    """The config's `[tune]` section, validated; None when it has none."""
    if config.tune is None:
        return None
    raw = config.tune
    settings = {k: v for k, v in raw.items() if k in SETTINGS and not isinstance(v, dict)}
    base = _base_dict(config)
    params = [_parse_param(key, spec, base) for key, spec in _space_entries(raw)]
    _check_tables(params, base)
    if not params:
        raise ConfigError.about("tune", N_("no search space; add e.g. training.lr = {example}").format(example=RANGE_EXAMPLE))
    return TuneSpec(
        params=tuple(params),
        objective=_objective(settings.get("objective"), config),
        trials=_whole("trials", settings.get("trials", 20), minimum=1),
        pruner=_word("pruner", settings.get("pruner", "median"), PRUNERS),
        sampler=_word("sampler", settings.get("sampler", "tpe"), SAMPLERS),
        seed=_seed(settings.get("seed", config.seed)),
        startup_trials=_whole("startup_trials", settings.get("startup_trials", 5), minimum=0),
        warmup_epochs=_whole("warmup_epochs", settings.get("warmup_epochs", 3), minimum=0),
    )


def _base_dict(config: RunConfig) -> dict[str, Any]:
    data = config_to_dict(config)
    data.pop("tune", None)
    return data


def _space_entries(raw: dict[str, Any]) -> list[tuple[str, Any]]:
    """(config key, spec) pairs from the section: nested tables and quoted dotted keys alike."""
    entries: list[tuple[str, Any]] = []
    searchable = sections(RunConfig)
    for key, value in raw.items():
        if key in SETTINGS and not isinstance(value, dict):
            continue
        if is_dotted(key):
            entries.append((key, value))
        elif key in searchable and isinstance(value, dict):
            entries.extend((join_key(key, name), spec) for name, spec in value.items())
        else:
            close = closest(key, (*SETTINGS, *searchable))
            template = (N_("unknown setting or config section (did you mean {close!r}?); settings: {settings}; "
                           "searchable sections: {sections} (e.g. training.lr = {example})") if close else
                        N_("unknown setting or config section; settings: {settings}; "
                           "searchable sections: {sections} (e.g. training.lr = {example})"))
            raise ConfigError.about(join_key("tune", key), template.format(
                close=close, settings=", ".join(SETTINGS), sections=", ".join(searchable), example=RANGE_EXAMPLE))
    return entries


def _field_info(key: str) -> Any:
    parts = split_key(key)
    searchable = sections(RunConfig)
    where = join_key("tune", key)
    if len(parts) == 3 and parts[0] in searchable and parts[1] in sections(searchable[parts[0]]):
        table = join_key(*parts[:2])  # a table's key: training.schedule.kind
        searchable, parts = {table: sections(searchable[parts[0]])[parts[1]]}, [table, parts[2]]
    if len(parts) != 2 or parts[0] not in searchable:
        close = closest(parts[0], searchable)
        template = (N_("unknown config key (did you mean {close!r}?); searchable keys look like section.key with section one of {sections}")
                    if close else N_("unknown config key; searchable keys look like section.key with section one of {sections}"))
        raise ConfigError.about(where, template.format(close=close, sections=", ".join(searchable)))
    section, name = parts
    fields = searchable[section].model_fields
    if name not in fields:
        close = closest(name, fields)
        template = (N_("unknown config key (did you mean {close!r}?); {section} keys: {keys}") if close
                    else N_("unknown config key; {section} keys: {keys}"))
        raise ConfigError.about(where, template.format(close=close, section=section, keys=", ".join(fields)))
    return fields[name]


def _takes_floats(annotation: Any) -> bool:
    if annotation is float:
        return True
    return any(_takes_floats(arg) for arg in typing.get_args(annotation))


def _parse_param(key: str, spec: Any, base: dict[str, Any]) -> Param:
    info = _field_info(key)
    where = join_key("tune", key)
    param: Param
    if isinstance(spec, list):
        param = _parse_choices(where, key, spec)
        values = list(param.choices)
    elif isinstance(spec, dict):
        param = _parse_range(where, key, spec, floats=_takes_floats(info.annotation))
        values = [param.low, param.high]
    else:
        raise ConfigError.about(where, N_("give a range {example} or a list of choices (got {got!r})").format(
            example="{low = ..., high = ...}", got=spec))
    for value in values:
        _check_value(where, key, value, base)
    return param


def _parse_choices(where: str, key: str, spec: list[Any]) -> ChoiceParam:
    if not spec:
        raise ConfigError.about(where, N_("the list of choices is empty; give at least one value"))
    seen: list[str] = []
    for choice in spec:
        if isinstance(choice, float) and not math.isfinite(choice):
            raise ConfigError.about(where, N_("choices must be finite numbers (got {got})").format(got=choice))
        text = json.dumps(choice, sort_keys=True, default=str)
        if text in seen:
            raise ConfigError.about(where, N_("the choice {choice} is listed twice").format(choice=text))
        seen.append(text)
    return ChoiceParam(key, tuple(spec))


def _parse_range(where: str, key: str, spec: dict[str, Any], floats: bool) -> FloatParam | IntParam:
    unknown = [k for k in spec if k not in RANGE_KEYS]
    if unknown:
        close = closest(unknown[0], RANGE_KEYS)
        template = (N_("unknown range key {key!r} (did you mean {close!r}?); allowed: {allowed}") if close
                    else N_("unknown range key {key!r}; allowed: {allowed}"))
        raise ConfigError.about(where, template.format(key=unknown[0], close=close, allowed=", ".join(RANGE_KEYS)))
    for bound in ("low", "high"):
        if bound not in spec:
            raise ConfigError.about(where, N_("a range needs both 'low' and 'high' (missing {bound!r})").format(bound=bound))
        if not _is_number(spec[bound]) or not math.isfinite(spec[bound]):
            raise ConfigError.about(join_key(where, bound), N_("must be a finite number (got {got!r})").format(got=spec[bound]))
    low, high = spec["low"], spec["high"]
    log = spec.get("log", False)
    step = spec.get("step")
    if not isinstance(log, bool):
        raise ConfigError.about(join_key(where, "log"), N_("must be true or false (got {got!r})").format(got=log))
    if step is not None and (not _is_number(step) or not math.isfinite(step) or step <= 0):
        raise ConfigError.about(join_key(where, "step"), N_("must be a number > 0 (got {got!r})").format(got=step))
    if low >= high:
        raise ConfigError.about(where, N_("low ({low}) must be less than high ({high})").format(low=low, high=high))
    if log and low <= 0:
        raise ConfigError.about(where, N_("a log scale needs low > 0 (got low = {low})").format(low=low))
    if log and step is not None:
        raise ConfigError.about(where, N_("use either log or step, not both"))
    if floats:
        return FloatParam(key, float(low), float(high), log, None if step is None else float(step))
    if not (_is_whole(low) and _is_whole(high) and (step is None or _is_whole(step))):
        raise ConfigError.about(
            where, N_("{key} takes whole numbers; low, high and step must be integers (got {got})").format(key=key, got=spec))
    return IntParam(key, low, high, log, step or 1)


def _check_value(where: str, key: str, value: Any, base: dict[str, Any]) -> None:
    """Refuse a bound or choice the config itself would refuse (only errors about this key count:
    a choice that needs another searched key, e.g. nesterov with sgd, is checked per trial)."""
    try:
        validate_config(with_key(base, key, value))
    except ConfigError as error:
        own = [problem for problem in error.problems if key in key_and_sections(problem.key)]
        if own:
            raise ConfigError.about(
                where, N_("{value} is not allowed: {problem}").format(value=json.dumps(value), problem=own[0])) from None


def _check_tables(params: list[Param], base: dict[str, Any]) -> None:
    """A choice inside a table (training.schedule.kind = ["constant", "step"]) that the table refuses as a whole
    ("step" needs step_size) is refused, unless another key of the same table is searched too: then the pair is
    checked per trial."""
    searched = [param.key for param in params]
    for param in params:
        table = key_and_sections(param.key)[1] if len(split_key(param.key)) == 3 else None
        if table is None or not isinstance(param, ChoiceParam):
            continue
        if any(key != param.key and key.startswith(table + ".") for key in searched):
            continue
        for choice in param.choices:
            try:
                validate_config(with_key(base, param.key, choice))
            except ConfigError as error:
                own = [problem for problem in error.problems if problem.key == table]
                if own:
                    raise ConfigError.about(join_key("tune", param.key), N_("{choice} is not allowed: {problem}").format(
                        choice=json.dumps(choice), problem=own[0])) from None


def _objective(value: Any, config: RunConfig) -> str:
    if value is None:
        return default_monitor(config.early_stopping, config.data.val_split > 0)
    metric = _word("objective", value, MONITORS)
    check_monitor(metric, config.data.known_task, config.data.val_split, key="tune.objective")
    return metric


def _whole(name: str, value: Any, minimum: int) -> int:
    if not _is_whole(value) or value < minimum:
        raise ConfigError.about(
            join_key("tune", name), N_("must be a whole number >= {least} (got {got!r})").format(least=minimum, got=value))
    return value


def _seed(value: Any) -> int:
    seed = _whole("seed", value, minimum=0)
    if seed > MAX_SEED:  # the samplers seed numpy's legacy generator, which takes no larger seed
        raise ConfigError.about("tune.seed", N_("at most {most} (got {got})").format(most=MAX_SEED, got=seed))
    return seed


def _word(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        close = closest(value, allowed)
        template = (N_("unknown {field} {value!r} (did you mean {close!r}?); allowed: {allowed}") if close
                    else N_("unknown {field} {value!r}; allowed: {allowed}"))
        raise ConfigError.about(join_key("tune", name), template.format(field=name, value=value, close=close, allowed=", ".join(allowed)))
    return str(value)


# ---------------------------------------------------------------- applying sampled values


def with_params(config: RunConfig, values: dict[str, Any], *, name: str | None = None, keep_tune: bool = True) -> RunConfig:
    """The config with searched values applied, validated like any other config."""
    data = config_to_dict(config)
    if not keep_tune:
        data.pop("tune", None)
    for key, value in values.items():
        data = with_key(data, key, value)
    if name is not None:
        data["name"] = name
    return validate_config(data)


def format_value(value: Any) -> str:
    """A searched value as a person reads it: 0.0123, [16, 16], adam."""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, str):
        return value
    return json.dumps(value)


def format_params(values: dict[str, Any]) -> str:
    return " ".join(f"{key_name(key)}={format_value(v)}" for key, v in values.items())
