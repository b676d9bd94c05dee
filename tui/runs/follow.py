"""Following a run in progress from its folder (`nn-tui attach`): its events so far, then each new one as the
training process appends it, until the run ends. Torch-free: the app reads runs this way.

The folder holds no progress events (they come ten times a second); each epoch's end stands in for one, so
an attached view's progress panel moves once an epoch.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from tui.core.errors import UserError
from tui.core.events import EpochEnded, Event, Finished, Progress, RunStarted, event_from_json
from tui.core.i18n import N_
from tui.runs.events_file import EVENTS_NAME
from tui.runs.lock import lock_state

POLL_SECONDS = 0.25  # how often a quiet file is looked at again
MAX_LINE = 1 << 20  # longer lines are not the recorder's: skipped
START_PREFIX = b'{"event": "' + RunStarted.kind.encode() + b'"'  # how the recorder's json_line begins a start event


def follow_run(run_dir: Path, leave: threading.Event, poll: float = POLL_SECONDS) -> Iterator[Event]:
    """The events of the run training in `run_dir`, from its latest start, until its end (or until `leave` is set).

    A run whose process dies before its end raises a UserError saying it was interrupted.
    """
    try:
        handle = open(run_dir / EVENTS_NAME, "rb")  # noqa: SIM115  (closed below; the generator may pause long)
    except OSError as error:
        raise UserError(N_("{run}: cannot read its events ({why})").format(run=run_dir.name, why=error.strerror or error)) from None
    with handle:
        handle.seek(_latest_start(handle))  # a resumed run's folder holds its earlier parts too
        started: RunStarted | None = None
        while not leave.is_set():
            new = list(_complete_lines(handle))
            for event in new:
                started = event if isinstance(event, RunStarted) else started
                yield from _with_progress(event, started)
                if isinstance(event, Finished):
                    return
            if not new:
                if not training(run_dir):
                    raise UserError(N_("{run}: its training process ended before the run did (killed?); the run is "
                                       "interrupted: `nn-tui train --resume {run}` continues it").format(run=run_dir.name))
                leave.wait(poll)


def _latest_start(handle: IO[bytes]) -> int:
    """Where the last start event's line begins (0 when there is none), read a line at a time."""
    latest = offset = 0
    for line in iter(lambda: handle.readline(MAX_LINE + 1), b""):
        if line.startswith(START_PREFIX):
            latest = offset
        offset += len(line)
    return latest


def training(run_dir: Path) -> bool:
    """True while a process holds the folder's lock (it trains there)."""
    state = lock_state(run_dir)
    return state is not None and state[0]


def _complete_lines(handle: IO[bytes]) -> Iterator[Event]:
    """The events in the whole lines from here on; a line still being written is read again next time."""
    while True:
        start = handle.tell()
        line = handle.readline(MAX_LINE + 1)
        if not line.endswith(b"\n"):
            if len(line) <= MAX_LINE:
                handle.seek(start)  # torn: the writer is in the middle of it
                return
            handle.readline()  # skip the rest of an oversized line
            continue
        event = _event(line)
        if event is not None:
            yield event


def _event(line: bytes) -> Event | None:
    try:
        return event_from_json(json.loads(line))
    except (ValueError, TypeError):  # not an event of this version (or a damaged line): shown without it
        return None


def _with_progress(event: Event, started: RunStarted | None) -> Iterator[Event]:
    yield event
    if isinstance(event, EpochEnded) and event.epoch > 0 and started is not None:  # epoch 0 is before any step
        done = event.global_step - started.start_epoch * started.steps_per_epoch
        rate = done / event.elapsed if event.elapsed > 0 else 0.0
        yield Progress(epoch=event.epoch, epochs=started.epochs, step=started.steps_per_epoch,
                       steps_per_epoch=started.steps_per_epoch, global_step=event.global_step,
                       total_steps=started.total_steps, elapsed=event.elapsed, steps_per_second=rate,
                       samples_per_second=rate * started.batch_size)
