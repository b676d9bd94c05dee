"""`training.schedule`: how the learning rate changes during a run, with torch.optim.lr_scheduler's parameters.

A table with a `kind` and that kind's parameters, named as torch names them (T_max is `t_max`):

    [training.schedule]
    kind = "step"       # constant, step, exponential, cosine, one_cycle, plateau
    step_size = 10
    gamma = 0.5

Each parameter belongs to some kinds only; one given to another kind is refused with the kind's own list.
This module imports no torch: tui.training.schedule builds the scheduler.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from tui.core.i18n import N_

CONSTANT = "constant"
PLATEAU = "plateau"
ONE_CYCLE = "one_cycle"

# Each kind's parameters (the first ones required where torch requires them: REQUIRED).
SCHEDULE_PARAMETERS: dict[str, tuple[str, ...]] = {
    CONSTANT: (),
    "step": ("step_size", "gamma"),
    "exponential": ("gamma",),
    "cosine": ("t_max", "eta_min"),
    ONE_CYCLE: ("max_lr", "pct_start", "div_factor", "final_div_factor", "anneal_strategy"),
    PLATEAU: ("factor", "patience", "threshold", "cooldown", "min_lr"),
}
SCHEDULE_KINDS = tuple(SCHEDULE_PARAMETERS)
REQUIRED = {"step": ("step_size",), "exponential": ("gamma",)}

Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]


class ScheduleConfig(BaseModel):
    """One learning-rate schedule; unset parameters take torch's defaults (cosine's t_max: the run's epochs)."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, validate_default=True)

    kind: str = CONSTANT
    step_size: Annotated[StrictInt, Field(ge=1)] | None = None  # step: epochs between drops
    gamma: Annotated[float, Field(gt=0, le=1)] | None = None  # step, exponential: the factor per drop / epoch
    t_max: Annotated[StrictInt, Field(ge=1)] | None = None  # cosine: epochs of the half cosine (default: epochs)
    eta_min: NonNegative | None = None  # cosine: the lowest learning rate
    max_lr: Positive | None = None  # one_cycle: the peak (default: training.lr)
    pct_start: Annotated[float, Field(gt=0, lt=1)] | None = None  # one_cycle: the share of steps spent rising
    div_factor: Positive | None = None  # one_cycle: the start is max_lr / div_factor
    final_div_factor: Positive | None = None  # one_cycle: the end is the start / final_div_factor
    anneal_strategy: Literal["cos", "linear"] | None = None
    factor: Annotated[float, Field(gt=0, lt=1)] | None = None  # plateau: the factor per cut
    patience: Annotated[StrictInt, Field(ge=0)] | None = None  # plateau: epochs without improvement before a cut
    threshold: NonNegative | None = None
    cooldown: Annotated[StrictInt, Field(ge=0)] | None = None
    min_lr: NonNegative | None = None

    @model_validator(mode="after")
    def _parameters_of_kind(self) -> ScheduleConfig:
        if self.kind not in SCHEDULE_PARAMETERS:
            raise ValueError(N_("unknown kind {kind!r}; allowed: {allowed}").format(kind=self.kind, allowed=", ".join(SCHEDULE_KINDS)))
        own = SCHEDULE_PARAMETERS[self.kind]
        given = [name for name in self.parameters() if name not in own]
        if given:
            template = (N_("{name!r} is not a parameter of the {kind!r} schedule; its parameters: {own}") if own
                        else N_("{name!r} is not a parameter of the {kind!r} schedule; it has no parameters"))
            raise ValueError(template.format(name=given[0], kind=self.kind, own=", ".join(own)))
        missing = [name for name in REQUIRED.get(self.kind, ()) if getattr(self, name) is None]
        if missing:
            raise ValueError(N_("the {kind!r} schedule needs {name!r}").format(kind=self.kind, name=missing[0]))
        return self

    def parameters(self) -> dict[str, Any]:
        """The parameters given (not None), by name."""
        return {name: value for name, value in self if name != "kind" and value is not None}
