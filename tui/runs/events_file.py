"""events.jsonl: one JSON line per event, appended as the run goes; cut back on resume like metrics.csv."""

from __future__ import annotations

import json
import os
from pathlib import Path

EVENTS_NAME = "events.jsonl"


def cut_events(path: Path, keep_epochs: int | None) -> None:
    """Drop a torn last line (a kill during a write) and, with `keep_epochs`, everything from the first epoch after it.

    The lines after the checkpoint's epoch were written by the run that went on past it; the resumed run
    writes them again, so each epoch stays in the file once and the file agrees with metrics.csv. The file is
    read a line at a time and cut in place: a long run's events are never held in memory.
    """
    file = path / EVENTS_NAME
    try:
        handle = open(file, "rb")  # noqa: SIM115  closed below; a missing file has nothing to cut
    except FileNotFoundError:
        return
    with handle:
        cut = end = 0
        for line in handle:
            if not line.endswith(b"\n"):
                break  # torn: the next run's first event must not be glued to it
            if keep_epochs is not None and _epoch_after(line, keep_epochs):
                break
            end += len(line)
            cut = end
        size = os.fstat(handle.fileno()).st_size
    if cut < size:
        os.truncate(file, cut)


def _epoch_after(line: bytes, keep_epochs: int) -> bool:
    if b'"epoch"' not in line:  # most lines: no need to parse
        return False
    try:
        record = json.loads(line)
    except ValueError:
        return False
    epoch = record.get("epoch") if isinstance(record, dict) and record.get("event") == "epoch" else None
    return isinstance(epoch, int) and epoch > keep_epochs
