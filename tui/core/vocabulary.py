"""The words a run is described with, in one place: tasks, how runs end, kinds of gradient descent, metrics.

Each word is the exact string written to events.jsonl, metrics.csv, summary.json and config.toml, so
these values never change; code compares against the names here instead of repeating the strings.
The Literal types let a type checker catch a misspelt word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from tui.core.i18n import N_

# ---------------------------------------------------------------- tasks

Task = Literal["classification", "regression"]
CLASSIFICATION: Final = "classification"
REGRESSION: Final = "regression"
TASKS: tuple[Task, ...] = (CLASSIFICATION, REGRESSION)

# ---------------------------------------------------------------- how a run ends, and a listed run's status

FinishReason = Literal["completed", "early_stop", "diverged", "stopped", "failed"]  # Finished.reason
COMPLETED: Final = "completed"  # every epoch ran
EARLY_STOP: Final = "early_stop"  # the monitor stopped improving
DIVERGED: Final = "diverged"  # the loss became NaN/inf or exploded
STOPPED: Final = "stopped"  # the user stopped it (s, Ctrl+C, a signal)
FAILED: Final = "failed"  # an error ended it
FINISH_REASONS: tuple[FinishReason, ...] = (COMPLETED, EARLY_STOP, DIVERGED, STOPPED, FAILED)

# A run folder as listed: how it finished, or why it has no ending.
RunStatus = Literal[FinishReason, "running", "interrupted", "damaged"]
RUNNING: Final = "running"  # its process is alive
INTERRUPTED: Final = "interrupted"  # ended without a summary (killed)
DAMAGED: Final = "damaged"  # a file of the folder is missing or unreadable
RUN_STATUSES: tuple[RunStatus, ...] = (*FINISH_REASONS, RUNNING, INTERRUPTED, DAMAGED)

# summary.json's "status": written as "running" when the run starts, "finished" with its reason at the end.
SummaryStatus = Literal["running", "finished"]
SUMMARY_RUNNING: Final = "running"
SUMMARY_FINISHED: Final = "finished"

# How a tuning trial ended (TrialEnded.state; TuneFinished counts each under the same name).
TrialState = Literal["complete", "pruned", "failed"]
TRIAL_COMPLETE: Final = "complete"
TRIAL_PRUNED: Final = "pruned"  # stopped early because it was behind earlier trials
TRIAL_FAILED: Final = "failed"
TRIAL_STATES: tuple[TrialState, ...] = (TRIAL_COMPLETE, TRIAL_PRUNED, TRIAL_FAILED)

# ---------------------------------------------------------------- gradient descent

GdKind = Literal["batch", "stochastic", "mini-batch"]  # the lecture's names, by batch size
BATCH_GD: Final = "batch"  # batch = the whole training set
STOCHASTIC_GD: Final = "stochastic"  # batch = 1 example
MINI_BATCH_GD: Final = "mini-batch"  # in between
GD_KINDS: tuple[GdKind, ...] = (BATCH_GD, STOCHASTIC_GD, MINI_BATCH_GD)

# ---------------------------------------------------------------- metrics

MetricName = Literal["train_loss", "val_loss", "train_accuracy", "val_accuracy", "val_f1", "train_mae", "val_mae"]
TRAIN_LOSS: Final = "train_loss"
VAL_LOSS: Final = "val_loss"
TRAIN_ACCURACY: Final = "train_accuracy"
VAL_ACCURACY: Final = "val_accuracy"
VAL_F1: Final = "val_f1"
TRAIN_MAE: Final = "train_mae"
VAL_MAE: Final = "val_mae"

Mode = Literal["min", "max"]
Split = Literal["train", "val"]


@dataclass(frozen=True)
class Metric:
    name: MetricName  # as in EpochEnded's fields, events.jsonl and metrics.csv
    mode: Mode  # "max" where higher is better (the class metrics); every other metric is a loss or an error
    split: Split  # the examples it is measured on
    label: str  # for people: "Validation loss" (English, marked: translate it where it is shown)
    task: Task | None  # the task it exists for; None for both
    monitor: bool  # early stopping may watch it (and tuning may optimise it)

    @property
    def change(self) -> str:
        """The word for an improvement: a loss 'decreased', an accuracy 'increased'."""
        return "increased" if self.mode == "max" else "decreased"


# In metrics.csv's column order (between epoch/global_step and seconds/elapsed), which is also the order
# of the headless plain line: changing it changes the files.
METRICS: tuple[Metric, ...] = (
    Metric(TRAIN_LOSS, "min", "train", N_("Training loss"), None, monitor=True),
    Metric(VAL_LOSS, "min", "val", N_("Validation loss"), None, monitor=True),
    Metric(TRAIN_ACCURACY, "max", "train", N_("Training accuracy"), CLASSIFICATION, monitor=False),
    Metric(VAL_ACCURACY, "max", "val", N_("Validation accuracy"), CLASSIFICATION, monitor=True),
    Metric(VAL_F1, "max", "val", N_("Validation F1"), CLASSIFICATION, monitor=True),
    Metric(TRAIN_MAE, "min", "train", N_("Training MAE"), REGRESSION, monitor=False),
    Metric(VAL_MAE, "min", "val", N_("Validation MAE"), REGRESSION, monitor=True),
)
METRICS_BY_NAME: dict[str, Metric] = {metric.name: metric for metric in METRICS}
METRIC_NAMES: tuple[MetricName, ...] = tuple(metric.name for metric in METRICS)

# What early stopping may watch: the validation metrics first (what it is for), then the training loss.
MONITORS: tuple[MetricName, ...] = tuple(
    m.name for split in ("val", "train") for m in METRICS if m.monitor and m.split == split
)


def metric_mode(name: str) -> Mode:
    """'max' for a metric where higher is better, else 'min' (early stopping, best epoch, tuning direction)."""
    metric = METRICS_BY_NAME.get(name)
    return metric.mode if metric else "min"


def monitors_for(task: Task) -> tuple[MetricName, ...]:
    """The monitors a run of this task computes, in MONITORS' order."""
    return tuple(name for name in MONITORS if METRICS_BY_NAME[name].task in (None, task))
