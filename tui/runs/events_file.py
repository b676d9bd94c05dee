"""events.jsonl: one JSON line per event, appended as the run goes; cut back on resume like metrics.csv."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

from tui.core.bounded_read import MEGABYTE, UnsafeFile
from tui.core.i18n import N_

EVENTS_NAME = "events.jsonl"
MAX_EVENT_LINE_BYTES = 16 * MEGABYTE  # far above a run's longest line (its start, with the printed model)


def cut_events(path: Path, keep_epochs: int | None) -> None:
    """Drop a torn last line (a kill during a write) and, with `keep_epochs`, everything from the first epoch after it.

    The lines after the checkpoint's epoch were written by the run that went on past it; the resumed run
    writes them again, so each epoch stays in the file once and the file agrees with metrics.csv. The file is
    read a line at a time and cut in place: a long run's events are never held in memory.
    """
    file = path / EVENTS_NAME
    try:  # not through a link (the cut writes), never blocking on a pipe
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeFile(errno.ELOOP, N_("{name} is a symbolic link").format(name=EVENTS_NAME), str(file)) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFile(errno.EINVAL, N_("{name} is not a regular file").format(name=EVENTS_NAME), str(file))
        cut = end = 0
        while line := handle.readline(MAX_EVENT_LINE_BYTES):  # a line without end (a copied /dev/zero) is not held whole
            if not line.endswith(b"\n"):
                break  # torn, or absurdly long: the next run's first event must not be glued to it
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
