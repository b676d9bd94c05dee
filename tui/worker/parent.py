"""The app's side of the training process (tui.worker.child): start it, feed it a run, read its events.

Training in a child process gives the engine a GIL of its own: the app's repaints and keys no
longer stall it. The screen still reads events on a worker thread, as from any event source;
stop and pause reach the child as one-line commands the moment the flags change (tui.worker.protocol).

`ProcessEvents` can keep one process started ahead of time (`prestart`): it imports torch while
the user fills in the form, so F5 starts training at once instead of ~1.5 s later.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

from tui.core.config import RunConfig
from tui.core.errors import UserError
from tui.core.events import Event
from tui.core.i18n import N_, _, translated
from tui.core.run_commands import DETACH, PAUSE, RESUME, STOP, Command, encode_command
from tui.worker.control import ControlFlag
from tui.worker.pace_control import PaceControl
from tui.worker.protocol import (
    EXIT_DONE,
    Request,
    TrainingCrashed,
    TuneSettings,
    decode_record,
    encode_request,
)

T = TypeVar("T")
# What a child that died left unfinished ({how}: its exit code or signal, and its last line of output).
UNFINISHED = {
    "train": N_("the training process ended without finishing the run ({how})"),
    "resume": N_("the training process ended without finishing the run ({how})"),
    "sweep": N_("the training process ended without finishing the sweep ({how})"),
    "tune": N_("the training process ended without finishing the study ({how})"),
}


class ProcessEnded(RuntimeError):
    """The training process died before its work had ended. str() is English; `shown()` is in the reader's language."""

    def __init__(self, unfinished: str, code: int, last: str) -> None:
        self.unfinished, self.code, self.last = unfinished, code, last
        super().__init__(self._text(str))

    def shown(self) -> str:
        return self._text(_)

    def _text(self, language: Callable[[str], str]) -> str:
        if self.code < 0:
            how = language(N_("killed by signal {signal}")).format(signal=-self.code)
        else:
            how = language(N_("exit code {code}")).format(code=self.code)
        return language(self.unfinished).format(how=how + (f": {self.last}" if self.last else ""))


def error_line(error: BaseException) -> str:
    """How a screen shows a worker's error: the user's error or a crash report as it is (in the reader's language),
    anything else with its type."""
    if isinstance(error, ProcessEnded):
        return f"RuntimeError: {error.shown()}"  # named as before it had a class of its own
    return translated(str(error)) if isinstance(error, (UserError, TrainingCrashed)) else f"{type(error).__name__}: {error}"


class TrainingProcess:
    """One `python -m tui.worker.child` child, used for one run."""

    def __init__(self) -> None:
        # A file, not a pipe: a chatty child can never block on it. Closed by close().
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115
        package_root = str(Path(__file__).resolve().parents[2])  # so the child imports this same `tui`
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        # A session of its own: a terminal that goes away hangs up the app, not the run (the app decides whether
        # the run stops or trains on detached: docs/DESIGN.md §Detach and attach).
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui.worker.child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            text=True, encoding="utf-8", env=env, start_new_session=True,
        )
        self._write_lock = threading.Lock()
        self.stop_flag: threading.Event | None = None  # the flag of the work it does now
        self.detached = False
        self.heard = False  # a first line came back: the child's work has set up (it stops cleanly on STOP from then on)
        self.cut_short = False  # stopped by a signal while it set up: ending early is its way to stop

    @property
    def commands(self) -> IO[str]:
        """The child's input: the request, then stop/pause lines."""
        assert self.process.stdin is not None  # asked for as a PIPE
        return self.process.stdin

    @property
    def records(self) -> IO[str]:
        """The child's output: one event or error record a line."""
        assert self.process.stdout is not None  # asked for as a PIPE
        return self.process.stdout

    def send(self, line: str) -> None:
        """Any thread: one line to the child; a child that has ended is no error (the run is over)."""
        with self._write_lock:
            try:
                self.commands.write(line + "\n")
                self.commands.flush()
            except (OSError, ValueError):  # ValueError: the pipe was closed here already
                pass

    def detach(self) -> None:
        """Let the work go on without the app: the child sends no more events and ignores its input from now on."""
        self.detached = True
        self.send(encode_command(DETACH))

    def events(self, config: RunConfig, runs_root: Path | None, stop: threading.Event, pause: threading.Event,
               resume: Path | None = None) -> Iterator[Event]:
        """Run `config` in the child and yield its events; forwards `stop` and `pause` while it runs."""
        pace = pause.steps_per_second if isinstance(pause, PaceControl) else None  # from the first step
        request = Request("resume" if resume else "train", config, runs_root, run_dir=resume, pace=pace)
        yield from (event for _index, event in self._records(request, stop, pause))

    def sweep_events(self, config: RunConfig, runs_root: Path | None, stop: threading.Event) -> Iterator[tuple[int, None, Event]]:
        """Race `config`'s [sweep] in the child: (run index, None, event), as tui.app.screens.sweep reads them."""
        for index, event in self._records(Request("sweep", config, runs_root), stop, ControlFlag()):
            assert index is not None  # every event of a sweep names its run
            yield index, None, event

    def tune_events(self, config: RunConfig, stop: threading.Event, tune: TuneSettings) -> Iterator[Event]:
        """Run `config`'s [tune] study in the child; its events."""
        yield from (event for _index, event in self._records(Request("tune", config, tune=tune), stop, ControlFlag()))

    def _records(self, request: Request, stop: threading.Event, pause: threading.Event) -> Iterator[tuple[int | None, Event]]:
        """Send the request, then yield (index in a sweep or None, event) until the child is done with it."""
        if not (isinstance(stop, ControlFlag) and isinstance(pause, ControlFlag)):
            raise TypeError("stop and pause must be ControlFlags: a plain Event cannot tell the training process of a change")
        self.send(encode_request(request))
        self.stop_flag = stop
        forwarding = [self._forward(stop, STOP, None), self._forward(pause, PAUSE, RESUME)]
        cut_on_stop = request.kind in ("train", "resume")  # a sweep or study has more to tidy up than one run
        if cut_on_stop:
            stop.listen(self._end_set_up)
            self._end_set_up(stop.is_set())
        if isinstance(pause, PaceControl):
            pause.listen_commands(self.send)  # the pace, single steps, one epoch: each line as it comes
        try:
            for line in self.records:
                self.heard = True
                yield decode_record(line)
        finally:  # a flag that outlives this work (the tuning screen's) must not keep this process referenced
            for flag, listener in forwarding:
                flag.forget(listener)
            if cut_on_stop:
                stop.forget(self._end_set_up)
            if isinstance(pause, PaceControl):
                pause.forget_commands(self.send)
        if self.detached:
            return  # it trains on, detached: its output ended, its process does not
        if self.process.wait() != EXIT_DONE and not self.cut_short:  # it died (killed, out of memory) before its work had ended
            raise ProcessEnded(UNFINISHED[request.kind], *self._exit())

    def _end_set_up(self, is_set: bool) -> None:
        """A stop before the first event: SIGTERM, so a child still importing torch ends now (nothing written yet) and
        one blocked loading its data (a pipe with no writer) abandons the load (tui/headless/signals.py)."""
        if is_set and not self.heard and self.process.poll() is None:
            self.cut_short = True
            self.process.terminate()

    def _forward(self, flag: ControlFlag, on: Command, off: Command | None) -> tuple[ControlFlag, Callable[[bool], None]]:
        """Send `on` when `flag` is set (now or later) and `off` when it is cleared; the flag and its new listener."""

        def changed(is_set: bool) -> None:
            if is_set:
                self.send(encode_command(on))
            elif off is not None:
                self.send(encode_command(off))

        flag.listen(changed)
        if flag.is_set():
            self.send(encode_command(on))
        return flag, changed

    def close(self) -> None:
        """Let go of the child: one still training sees its input end and stops cleanly (best model kept)."""
        with self._write_lock:
            try:
                self.commands.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass  # still writing its best model: it finishes on its own
        self.records.close()
        self.stderr.close()

    def discard(self) -> None:
        """A standby that never got a run: end it now."""
        self.process.kill()
        self.close()

    def _exit(self) -> tuple[int, str]:
        """The child's exit code (negative: the signal that killed it) and its last line of output."""
        code = self.process.wait()
        self.stderr.seek(0)
        last = [line.strip() for line in self.stderr.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return code, last[-1] if last else ""


class ProcessEvents:
    """The app's event source: each run in a training process of its own (the app's EventSource)."""

    def __init__(self) -> None:
        self._standby: TrainingProcess | None = None
        self._busy: list[TrainingProcess] = []  # those doing work now
        self._keep_standby = False
        self._lock = threading.Lock()

    def prestart(self) -> None:
        """Start a process ahead of the next run, and again after each run."""
        with self._lock:
            self._keep_standby = True
            if self._standby is None:
                try:
                    self._standby = TrainingProcess()
                except OSError:
                    pass  # cannot start one now: the run will try again and show why if it fails too

    def close(self) -> None:
        with self._lock:
            self._keep_standby = False
            standby, self._standby = self._standby, None
        if standby is not None:
            standby.discard()

    def __call__(self, config: RunConfig, runs_root: Path | None, stop: threading.Event, pause: threading.Event) -> Iterator[Event]:
        return self._with_process(lambda process: process.events(config, runs_root, stop, pause))

    def resuming(self, run_dir: Path) -> Callable[[RunConfig, Path | None, threading.Event, threading.Event], Iterator[Event]]:
        """A source that continues the run in `run_dir` instead of starting one (with the process started ahead)."""
        return lambda config, runs_root, stop, pause: self._with_process(
            lambda process: process.events(config, runs_root, stop, pause, run_dir))

    def sweep(self, config: RunConfig, runs_root: Path | None, stop: threading.Event) -> Iterator[tuple[int, None, Event]]:
        """The sweep screen's source: the whole sweep in one training process (its runs share the loaded data)."""
        return self._with_process(lambda process: process.sweep_events(config, runs_root, stop))

    def tune(self, config: RunConfig, stop: threading.Event, tune: TuneSettings) -> Iterator[Event]:
        """The tuning screen's study, in a training process (optuna and torch stay out of the app)."""
        return self._with_process(lambda process: process.tune_events(config, stop, tune))

    def detach(self, stop: threading.Event) -> bool:
        """Let the work stopped by `stop` train on without the app; False when no process does such work."""
        with self._lock:
            busy = [process for process in self._busy if process.stop_flag is stop]
        for process in busy:
            process.detach()
        return bool(busy)

    def _with_process(self, work: Callable[[TrainingProcess], Iterator[T]]) -> Iterator[T]:
        with self._lock:
            standby, self._standby = self._standby, None
        if standby is not None and standby.process.poll() is not None:
            standby.close()  # it ended while waiting (killed, out of memory): use a fresh one
            standby = None
        process = standby or TrainingProcess()
        with self._lock:
            self._busy.append(process)
        try:
            yield from work(process)
        finally:
            with self._lock:
                self._busy.remove(process)
            process.close()
            with self._lock:
                # After the run, not during one: importing torch would take CPU from training. The next run may
                # have started while this one closed (escape, F5 at once); its own end starts the process then.
                idle = not self._busy
            if self._keep_standby and idle:
                self.prestart()


def processes_of(app: object) -> ProcessEvents:
    """The app's training processes (with the one started ahead), or new ones for an app without them (tests)."""
    source = getattr(app, "event_source", None)
    return source if isinstance(source, ProcessEvents) else ProcessEvents()
