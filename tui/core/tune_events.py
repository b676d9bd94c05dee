"""What the tuner says while it runs: the study's life and each trial's, in the same shape as the Trainer's events.

`params` always hold config values keyed by config key (e.g. {"training.lr": 0.01, "model.hidden": [16, 16]}),
never Optuna's internal encoding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from tui.core.events import Event
from tui.core.vocabulary import TrialState


@dataclass(frozen=True)
class TuneStarted(Event):
    kind: ClassVar[str] = "tune_start"
    study: str
    storage: str  # shown to people: passwords masked
    objective: str
    direction: str  # "minimize" | "maximize"
    trials: int  # trials this process will run
    sampler: str
    pruner: str
    existing: int  # trials already in the study (other workers, earlier runs)
    space: dict[str, str] = field(default_factory=dict)  # config key → the range or choices, in words
    joined: bool = False  # the study existed before (shared with other workers)
    differs: list[str] = field(default_factory=list)  # config keys set otherwise than when the study started


@dataclass(frozen=True)
class TrialStarted(Event):
    kind: ClassVar[str] = "trial_start"
    number: int
    params: dict[str, Any]
    run_dir: str | None


@dataclass(frozen=True)
class TrialEpoch(Event):
    """The running trial's objective, at most a couple of times a second."""

    kind: ClassVar[str] = "trial_epoch"
    number: int
    epoch: int
    epochs: int
    value: float | None
    best: float | None


@dataclass(frozen=True)
class TrialEnded(Event):
    kind: ClassVar[str] = "trial_end"
    number: int
    params: dict[str, Any]
    state: TrialState
    value: float | None  # the best objective over the trial's epochs (last reported one when pruned)
    epochs: int
    seconds: float
    run_dir: str | None
    message: str = ""
    best_number: int | None = None  # the study's best so far, every worker included
    best_value: float | None = None
    best_params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TuneFinished(Event):
    kind: ClassVar[str] = "tune_end"
    study: str
    storage: str
    objective: str
    direction: str
    ran: int  # trials this process ran
    complete: int
    pruned: int
    failed: int
    total: int  # trials in the study, every worker included
    best_number: int | None
    best_value: float | None
    best_params: dict[str, Any] = field(default_factory=dict)
    stopped: bool = False  # the user stopped the study early
