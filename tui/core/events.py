"""What the Trainer says while it runs. Nothing else leaves the engine.

Every face (the Textual app, the headless runner, the run folder, the tests) consumes these
same frozen dataclasses. `to_json()` gives the documented `--jsonl` keys.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class Event:
    kind: ClassVar[str] = "event"

    def to_json(self) -> dict[str, Any]:
        return {"event": self.kind, **dataclasses.asdict(self)}


@dataclass(frozen=True)
class RunStarted(Event):
    kind: ClassVar[str] = "start"
    name: str
    train_size: int
    val_size: int
    batch_size: int
    steps_per_epoch: int
    total_steps: int
    gd_kind: str  # "batch" | "stochastic" | "mini-batch"
    parameters: int
    device: str
    epochs: int
    task: str  # "classification" | "regression"
    monitor: str | None  # early-stopping metric, None when early stopping is off
    patience: int
    run_dir: str | None
    model_summary: str  # the network printed like the lecture's model
    threads: int  # torch intra-op threads used by this run
    start_epoch: int = 0  # > 0 when resuming
    n_classes: int | None = None
    device_name: str = ""  # e.g. the GPU's name
    notes: list[str] = field(default_factory=list)  # what loading the data chose (CSV columns left out), one line each


@dataclass(frozen=True)
class Progress(Event):
    """Throttled (~10 per second) snapshot inside an epoch; each one carries the whole state."""

    kind: ClassVar[str] = "progress"
    epoch: int  # 1-based epoch in progress
    epochs: int
    step: int  # steps done in this epoch
    steps_per_epoch: int
    global_step: int
    total_steps: int
    elapsed: float  # seconds since the run started (pauses excluded)
    steps_per_second: float
    samples_per_second: float
    paused: bool = False
    device_memory: int | None = None  # bytes allocated on a CUDA device
    single_step: bool = False  # sent right after a single step taken while paused (docs/DESIGN.md §Pace and single steps)


@dataclass(frozen=True)
class EpochEnded(Event):
    kind: ClassVar[str] = "epoch"
    epoch: int
    global_step: int
    train_loss: float
    val_loss: float | None
    train_accuracy: float | None  # fractions in [0, 1]; None for regression
    val_accuracy: float | None
    val_f1: float | None
    val_mae: float | None  # regression only, in the target's own units
    seconds: float  # wall time of this epoch
    train_mae: float | None = None
    elapsed: float = 0.0
    lr: float | None = None  # the learning rate of the epoch (its last step's, under a per-step schedule)


@dataclass(frozen=True)
class StepLosses(Event):
    """Training losses of single steps since the last batch: all of them, or an even sample when there were many.

    Only when asked for (the app's step view; `nn-tui train --views steps`): a few a second, never per step.
    """

    kind: ClassVar[str] = "steps"
    epoch: int
    steps: list[int]  # global steps, rising
    losses: list[float]  # the loss of each of those steps' batches, before its update


@dataclass(frozen=True)
class Improved(Event):
    """The monitored metric improved; the best weights were saved to `path`."""

    kind: ClassVar[str] = "improved"
    epoch: int
    monitor: str
    previous: float | None  # None the first time
    current: float
    path: str | None


@dataclass(frozen=True)
class PatienceTicked(Event):
    kind: ClassVar[str] = "patience"
    epoch: int
    wait: int
    patience: int


@dataclass(frozen=True)
class EarlyStopped(Event):
    kind: ClassVar[str] = "early_stop"
    epoch: int
    best_epoch: int
    best: float
    monitor: str


@dataclass(frozen=True)
class Diagnosed(Event):
    """The curve diagnosis changed (healthy, not_learning, overfitting, diverging)."""

    kind: ClassVar[str] = "diagnosis"
    epoch: int
    state: str
    message: str
    since_epoch: int | None = None


@dataclass(frozen=True)
class Symmetric(Event):
    """After the run's first epoch every unit of these hidden layers is still identical (e.g. zero initial weights)."""

    kind: ClassVar[str] = "symmetric"
    epoch: int
    layers: list[str]  # hidden layer names, e.g. ["hidden1"]
    units: list[int]  # each layer's unit count


@dataclass(frozen=True)
class Diverged(Event):
    kind: ClassVar[str] = "diverged"
    epoch: int
    step: int
    message: str  # the reason and a concrete suggestion


@dataclass(frozen=True)
class StepTraced(Event):
    """One step of a tiny network, in the lecture's notation (weights as x · W + b)."""

    kind: ClassVar[str] = "trace"
    step: int
    epoch: int
    inputs: list[Any]
    target: list[Any]
    forward: dict[str, Any]  # layer name → values after it
    prediction: list[Any]
    loss: float
    gradients: dict[str, Any]  # parameter name → d loss / d parameter
    updated: dict[str, Any]  # parameter name → value after the update
    lr: float = 0.0


@dataclass(frozen=True)
class Paused(Event):
    kind: ClassVar[str] = "paused"
    paused: bool
    epoch: int
    step: int = 0  # the optimizer steps taken so far
    # When a pause begins, a network small enough for `nn-tui explain` sends its weights as model.init writes
    # them (x · W + b, a layer per entry: {"weight", "bias"}), so the app can derive the next step.
    weights: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Finished(Event):
    kind: ClassVar[str] = "end"
    reason: str  # "completed" | "early_stop" | "diverged" | "stopped" | "failed"
    epochs: int  # epochs completed
    best_epoch: int | None
    best: float | None
    run_dir: str | None
    monitor: str | None = None
    seconds: float = 0.0
    restored_best: bool = False
    message: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)  # last epoch's metrics


@dataclass(frozen=True)
class ViewPoints(Event):
    """The data the model views draw on, once after `start`: points in the features' own units (subsampled).

    Each point is [x, y, label] for two features (label: class index, or the target for regression) and
    [x, target] for one. docs/DESIGN.md §Model views.
    """

    kind: ClassVar[str] = "view_points"
    features: list[str]
    train: list[list[float]]
    val: list[list[float]]
    class_names: list[str] | None = None


@dataclass(frozen=True)
class RegionsPainted(Event):
    """The predicted class over a grid of the input plane: `size` x `size` cells, row 0 at the top (largest y).

    `classes` and `confidence` are base64 of one byte per cell, row by row: the class index, and the
    predicted class's probability scaled from [1/classes, 1] to [0, 255].
    """

    kind: ClassVar[str] = "regions"
    epoch: int
    global_step: int
    size: int
    x_range: list[float]  # [low, high] of the first feature, its own units
    y_range: list[float]
    classes: str
    confidence: str


@dataclass(frozen=True)
class CurveFitted(Event):
    """One input feature, a numeric target: the model's prediction at `x` (both in their own units)."""

    kind: ClassVar[str] = "curve"
    epoch: int
    global_step: int
    x: list[float]
    y: list[float]


@dataclass(frozen=True)
class NeuronsPainted(Event):
    """Each hidden unit's output over the same plane as `regions` (a `size` x `size` grid per unit).

    `units[i]` is base64 of one byte per cell: the output scaled from [-`scale`[i], `scale`[i]] to [0, 255];
    `layers[i]` names its layer (hidden1, ...).
    """

    kind: ClassVar[str] = "neurons"
    epoch: int
    global_step: int
    size: int
    layers: list[str]
    units: list[str]
    scale: list[float]


VIEW_EVENTS = (ViewPoints, RegionsPainted, CurveFitted, NeuronsPainted)  # opt-in pictures of the model, not its record


@dataclass(frozen=True)
class LrFound(Event):
    """The learning-rate range test (`nn-tui lr-find`): the smoothed loss at each tried lr, and the suggestion."""

    kind: ClassVar[str] = "lr_find"
    lrs: list[float]
    losses: list[float]  # smoothed (an exponential moving average, debiased), one per lr
    suggested_lr: float | None  # where the smoothed loss falls fastest; None when the curve never fell
    steps: int  # the steps taken (fewer than asked when the loss exploded)
    exploded: bool  # stopped early: the loss rose past 4 × its lowest


def event_from_json(data: dict[str, Any]) -> Event:
    """The event `to_json()` gave (the training process sends events to the app this way)."""
    kinds = {cls.kind: cls for cls in Event.__subclasses__()}
    fields = dict(data)
    kind = fields.pop("event", None)
    if kind not in kinds:
        raise ValueError(f"not an engine event: {kind!r}")
    return kinds[kind](**fields)
