"""metrics.csv: one row per epoch, read back by listings and cut back on resume."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tui.core.atomic import atomic_write_text  # torch-free: listing runs (the CLI, the runs screen) must not import torch
from tui.core.bounded_read import read_bounded
from tui.core.vocabulary import METRIC_NAMES
from tui.runs.file_limits import MAX_METRICS_BYTES

METRIC_COLUMNS = ["epoch", "global_step", *METRIC_NAMES, "seconds", "elapsed", "lr"]


def truncate_metrics(path: Path, keep_epochs: int) -> None:
    """Drop metrics rows after `keep_epochs` (and a half-written last line), atomically."""
    file = path / "metrics.csv"
    if not file.exists():
        return
    rows = [r for r in read_metrics(path) if (epoch := parse_int(r.get("epoch"))) is not None and epoch <= keep_epochs]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=METRIC_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write_text(file, buffer.getvalue())


def parse_int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def read_metrics(path: Path) -> list[dict[str, str]]:
    """Rows of a run's metrics.csv; a half-written last line (killed run) is skipped."""
    text = read_bounded(path / "metrics.csv", MAX_METRICS_BYTES).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    last = (reader.fieldnames or ["elapsed"])[-1]  # a torn line lacks the last column (files from before "lr" end at "elapsed")
    return [r for r in rows if r.get(last) is not None and None not in r]

