"""The vocabulary's words are the strings the files hold: deriving them must not change a file."""

from __future__ import annotations

from tui.core.vocabulary import (
    CLASSIFICATION,
    METRIC_NAMES,
    MONITORS,
    REGRESSION,
    RUN_STATUSES,
    metric_mode,
    monitors_for,
)
from tui.runs.metrics_file import METRIC_COLUMNS


def test_metrics_csv_keeps_its_columns():
    assert METRIC_COLUMNS == [
        "epoch", "global_step", "train_loss", "val_loss", "train_accuracy", "val_accuracy",
        "val_f1", "train_mae", "val_mae", "seconds", "elapsed", "lr",
    ]
    assert tuple(METRIC_COLUMNS[2:-3]) == METRIC_NAMES


def test_monitors_and_their_direction():
    assert MONITORS == ("val_loss", "val_accuracy", "val_f1", "val_mae", "train_loss")
    assert [name for name in METRIC_NAMES if metric_mode(name) == "max"] == ["train_accuracy", "val_accuracy", "val_f1"]
    assert monitors_for(REGRESSION) == ("val_loss", "val_mae", "train_loss")
    assert monitors_for(CLASSIFICATION) == ("val_loss", "val_accuracy", "val_f1", "train_loss")


def test_run_statuses_start_with_the_finish_reasons():
    assert RUN_STATUSES == ("completed", "early_stop", "diverged", "stopped", "failed", "running", "interrupted", "damaged")
