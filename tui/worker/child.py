"""The training process: the engine in a process of its own, driven by the app over pipes.

Why a process: in one process the app's UI thread and the training thread share one GIL, and
every repaint stalled training (the app reached ~0.9x of headless speed). Here the engine runs
exactly as `nn-tui train` does, on a core of its own, and the app only reads its events.

`python -m tui.worker.child` reads a request and then commands on stdin and writes events on stdout,
as tui.worker.protocol says. torch, the engine and what a run's set-up needs are imported before the
request is read, so a process started ahead of time (tui.worker.parent) starts training the moment it gets one.

Stops (the stop command, end of input, SIGTERM, SIGHUP, Ctrl+C) end the run the way the stop key
does: the best model and the resume checkpoint are written before the process exits. After "detach" the
work goes on with nobody watching (docs/DESIGN.md §Detach and attach): no more events are sent, the end of
input and any later command from the app are ignored, and the run folder (with its control pipe) is how
the run is seen and stopped from then on.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING

# Imported up front on purpose: a standby process pays for torch before it is needed.
from tui.core.config import RunConfig
from tui.core.errors import UserError
from tui.core.events import Event
from tui.core.i18n import N_
from tui.core.model_views import VIEWS  # the app's model panel: its pictures cost training ~nothing (docs/DESIGN.md §Model views)
from tui.core.run_commands import DETACH, STOP, apply_line, decode_command
from tui.headless.drive import drive
from tui.headless.signals import StoppedBeforeStart
from tui.runs.crash_report import save_crash_report
from tui.runs.location import new_run_dir, remove_if_empty
from tui.runs.recorder import record
from tui.training.pace import Pace
from tui.training.trainer import Trainer
from tui.worker.protocol import (
    EXIT_BUG,
    EXIT_DONE,
    EXIT_USER_ERROR,
    Request,
    TuneSettings,
    decode_request,
    encode_error,
    encode_event,
)

if TYPE_CHECKING:
    from tui.experiments.tune.tuner import Tuner

PROGRESS_INTERVAL = 0.5  # seconds between progress events: as often as the training screen repaints its panel


class EventPipe:
    """Lines to the app on `out`, each flushed so that the app sees it at once; none once detached."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.detached = False
        self._lock = threading.Lock()  # the commands thread detaches while the main thread sends

    def send(self, line: str) -> None:
        """Write `line`; an OSError says the app is gone."""
        with self._lock:
            if self.detached:
                return
            self.out.write(line + "\n")
            self.out.flush()

    def detach(self) -> None:
        """Send nothing more and close the output: the app's reader sees its end and lets the run go."""
        with self._lock:
            self.detached = True
            with suppress(OSError, ValueError):
                self.out.flush()
                # sys.stdout does not close its descriptor: /dev/null takes its place, which ends the pipe
                os.dup2(os.open(os.devnull, os.O_WRONLY), self.out.fileno())

    def send_error(self, message: str, user_error: bool) -> None:
        with suppress(OSError):  # the app is gone: nobody is left to tell
            self.send(encode_error(message, user_error))


def follow_commands(commands: IO[str], stop: threading.Event, pause: threading.Event, pace: Pace | None = None,
                    pipe: EventPipe | None = None, setting_up: threading.Event | None = None,
                    folders: list[Path] | None = None) -> None:
    """Apply the app's commands until its end of the pipe closes, then stop (nobody is watching any more),
    unless the app detached the work: then it goes on and the app has no say in it any more.

    Each command wakes a loop waiting on the pace, so it acts at once (docs/DESIGN.md §Pace and single steps)."""
    for line in commands:
        command = decode_command(line)
        if command == DETACH and pipe is not None:
            pipe.detach()
            return
        apply_line(line, stop, pause, pace)
        if command == STOP:
            interrupt_set_up(setting_up, folders)
    apply_line(STOP, stop, pause, pace)
    interrupt_set_up(setting_up, folders)


SET_UP_GRACE = 5.0  # seconds a set-up gets to end after a stop before the process ends without it


def interrupt_set_up(setting_up: threading.Event | None, folders: list[Path] | None = None) -> None:
    """Interrupt a set-up still in progress: a signal breaks the main thread's read. A set-up that goes on all the
    same (inside C code that does not look at signals, such as pyarrow parsing a large file) is ended with the process
    after SET_UP_GRACE seconds, its empty run folder removed: a stop or a quit works in every phase."""
    if setting_up is None or not setting_up.is_set():
        return
    signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGTERM)

    def end_if_still_setting_up() -> None:
        if setting_up.is_set():
            for folder in folders or []:
                remove_if_empty(folder)
            os._exit(EXIT_DONE)

    timer = threading.Timer(SET_UP_GRACE, end_if_still_setting_up)
    timer.daemon = True
    timer.start()


def train(request: Request, commands: IO[str], out: IO[str]) -> int:
    """Do the requested work, sending events to `out`; 0 when it ran (however it ended), 2 or 1 when it could not start."""
    pipe = EventPipe(out)
    stop, pause, pace, setting_up = threading.Event(), threading.Event(), Pace(request.pace), threading.Event()
    folders: list[Path] = []  # the run folder made for this work, to remove if the set-up is ended unfinished
    threading.Thread(target=follow_commands, args=(commands, stop, pause, pace, pipe, setting_up, folders), name="commands",
                     daemon=True).start()
    try:
        # Once the app is gone, the work stops as on SIGHUP and finishes quietly: the run folder is still completed.
        lines = (encode_event(event, index) for index, event in numbered_events(request, stop, pause, pace, folders))
        drive(lines, pipe.send, stop, setting_up=setting_up)
    except StoppedBeforeStart:  # stopped while loading the data: nothing was trained, nothing to report
        return EXIT_DONE
    except UserError as error:
        pipe.send_error(str(error), user_error=True)
        return EXIT_USER_ERROR
    except Exception as error:  # a bug: the traceback stays on disk, the app shows one line and where it is
        crash = N_("{error} (traceback saved in {path})").format(error=f"{type(error).__name__}: {error}",
                                                               path=save_crash_report(error, request.runs_root))
        pipe.send_error(crash, user_error=False)
        return EXIT_BUG
    return EXIT_DONE


def numbered_events(request: Request, stop: threading.Event, pause: threading.Event, pace: Pace | None = None,
                    folders: list[Path] | None = None) -> Iterator[tuple[int | None, Event]]:
    """The requested work's events, each with its index in the sweep (None for a single run)."""
    config, runs_root = request.config, request.runs_root
    if request.kind == "sweep":
        from tui.experiments.sweep import run_sweep

        for index, _run, event in run_sweep(config, runs_root, stop):
            yield index, event
        return
    if request.kind == "tune":
        assert request.tune is not None
        yield from ((None, event) for event in _tuner(request.tune, config, stop).run())
        return
    if request.kind == "resume":
        trainer = Trainer(config, stop=stop, pause=pause, progress_interval=PROGRESS_INTERVAL, pace=pace, views=VIEWS,
                          step_losses=True)
        yield from ((None, event) for event in record(trainer, request.run_dir, resume=True))
        return
    run_dir = request.run_dir or (new_run_dir(runs_root, config.name) if runs_root is not None else None)
    if run_dir is not None and folders is not None and request.run_dir is None:
        folders.append(run_dir)
    try:
        trainer = Trainer(config, stop=stop, pause=pause, progress_interval=PROGRESS_INTERVAL, pace=pace, views=VIEWS,
                          step_losses=True)
        yield from ((None, event) for event in record(trainer, run_dir))
    finally:
        remove_if_empty(run_dir)  # a run that never started leaves no folder


def _tuner(tune: TuneSettings, config: RunConfig, stop: threading.Event) -> Tuner:
    """The study the app asked for, its runs in `tune.root` unless it keeps none."""
    from tui.experiments.tune.study import resolve_storage
    from tui.experiments.tune.tuner import Tuner

    root = Path(tune.root)
    storage = resolve_storage(tune.storage if tune.keep_runs else (tune.storage or "memory"), root)
    return Tuner(config, storage, study_name=tune.study_name, trials=tune.trials,
                 runs_dir=root if tune.keep_runs else None, stop=stop)


def warm_up() -> None:
    """Import now what a run's set-up imports on first use (~2 s here: torch's optimizer machinery pulls in
    torch._dynamo, and scikit-learn's data sets), so a process started ahead of time trains at once."""
    from tui.headless.signals import import_libraries_with_stop_signals_blocked

    import_libraries_with_stop_signals_blocked()
    import sklearn.datasets  # noqa: F401
    import torch

    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


def main() -> int:
    warm_up()
    line = sys.stdin.readline()
    if not line.strip():
        return EXIT_DONE  # a standby the app no longer needs: it closed the pipe without a request
    return train(decode_request(line), sys.stdin, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
