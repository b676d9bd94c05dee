"""The training process: the engine in a process of its own, driven by the app over pipes.

Why a process: in one process the app's UI thread and the training thread share one GIL, and
every repaint stalled training (the app reached ~0.9x of headless speed). Here the engine runs
exactly as `nn-tui train` does, on a core of its own, and the app only reads its events.

`python -m tui.worker.child` speaks JSON lines:
- stdin, first line, the request: {"config": {...}, "runs_root": path | null, and one of "resume": run
  folder, "sweep": true, "tune": {the study's settings}}. Then commands, a line each: "pause", "resume", "stop". End of input (the app is gone) stops.
- stdout: each engine event (a study's too) as its `to_json()`, in a sweep with "run": its index; when the work cannot
  start, one {"event": "error", "user_error": bool, "message": ...} line instead.
torch, the engine and what a run's set-up needs are imported before the request is read, so a
process started ahead of time (tui.worker.parent) starts training the moment it gets one.

Stops (the stop command, end of input, SIGTERM, SIGHUP, Ctrl+C) end the run the way the stop key
does: the best model and the resume checkpoint are written before the process exits.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

# Imported up front on purpose: a standby process pays for torch before it is needed.
from tui.core.errors import UserError
from tui.core.events import Event
from tui.headless.log import silence_stdout_if_gone, stop_on_signals
from tui.runs.crash_report import save_crash_report
from tui.runs.location import new_run_dir
from tui.runs.recorder import record
from tui.training.trainer import Trainer

PROGRESS_INTERVAL = 0.5  # seconds between progress events: as often as the training screen repaints its panel


class EventPipe:
    """Each event as a JSON line on `out`, flushed so the app sees it at once."""

    def __init__(self, out: IO[str]) -> None:
        self.out: IO[str] | None = out

    def send(self, record: dict[str, Any]) -> bool:
        """Write `record`; False once the app is gone (then nothing more is written)."""
        if self.out is None:
            return False
        try:
            # NaN and inf stay as JSON's NaN/Infinity: Python reads them back exactly, and only the app reads this.
            self.out.write(json.dumps(record, default=str) + "\n")
            self.out.flush()
        except OSError:
            self.out = None
            silence_stdout_if_gone()
            return False
        return True


def follow_commands(commands: IO[str], stop: threading.Event, pause: threading.Event) -> None:
    """Apply the app's commands until its end of the pipe closes, then stop (nobody is watching any more)."""
    for line in commands:
        command = line.strip()
        if command == "pause":
            pause.set()
        elif command == "resume":
            pause.clear()
        elif command == "stop":
            stop.set()
            pause.clear()
    stop.set()
    pause.clear()


def train(request: dict[str, Any], commands: IO[str], out: IO[str]) -> int:
    """Run the requested training, sending events to `out`; 0 when it ran (however it ended), 2 or 1 when it could not start."""
    from tui.core.config import RunConfig

    pipe = EventPipe(out)
    runs_root = Path(request["runs_root"]) if request.get("runs_root") else None
    stop, pause = threading.Event(), threading.Event()
    threading.Thread(target=follow_commands, args=(commands, stop, pause), name="commands", daemon=True).start()
    try:
        config = RunConfig.model_validate_json(json.dumps(request["config"]))
        send_all(numbered_events(request, config, runs_root, stop, pause), stop, pipe)
    except UserError as error:
        pipe.send({"event": "error", "user_error": True, "message": str(error)})
        return 2
    except Exception as error:  # a bug: the traceback stays on disk, the app shows one line and where it is
        message = f"{type(error).__name__}: {error} (traceback saved in {save_crash_report(error, runs_root)})"
        pipe.send({"event": "error", "user_error": False, "message": message})
        return 1
    return 0


def numbered_events(request: dict[str, Any], config, runs_root: Path | None, stop: threading.Event,
                    pause: threading.Event) -> Iterator[tuple[int | None, Event]]:
    """The requested work's events, each with its index in the sweep (None for a single run)."""
    if request.get("sweep"):
        from tui.experiments.sweep import run_sweep

        for index, _run, event in run_sweep(config, runs_root, stop):
            yield index, event
        return
    if request.get("tune"):
        yield from ((None, event) for event in _tuner(request["tune"], config, stop).run())
        return
    resume = Path(request["resume"]) if request.get("resume") else None
    run_dir = resume or (new_run_dir(runs_root, config.name) if runs_root is not None else None)
    trainer = Trainer(config, stop=stop, pause=pause, progress_interval=PROGRESS_INTERVAL)
    for event in record(trainer, run_dir, resume=resume is not None):
        yield None, event


def _tuner(tune: dict[str, Any], config, stop: threading.Event):
    """The study the app asked for: {"storage": text | null, "root": runs folder, "keep_runs": bool, "study_name", "trials"}."""
    from tui.experiments.tune.study import resolve_storage
    from tui.experiments.tune.tuner import Tuner

    root = Path(tune["root"])
    storage = resolve_storage(tune["storage"] if tune["keep_runs"] else (tune["storage"] or "memory"), root)
    return Tuner(config, storage, study_name=tune.get("study_name"), trials=tune.get("trials"),
                 runs_dir=root if tune["keep_runs"] else None, stop=stop)


def send_all(events: Iterator[tuple[int | None, Event]], stop: threading.Event, pipe: EventPipe) -> None:
    """Send every event. Once the app is gone, stop as SIGHUP would and finish quietly: the run folder is still completed."""
    with stop_on_signals(stop):
        for index, event in events:
            record = event.to_json() if index is None else {**event.to_json(), "run": index}
            if not pipe.send(record):
                stop.set()  # the run still ends cleanly and keeps its best model


def warm_up() -> None:
    """Import now what a run's set-up imports on first use (~2 s here: torch's optimizer machinery pulls in
    torch._dynamo, and scikit-learn's data sets), so a process started ahead of time trains at once."""
    import sklearn.datasets  # noqa: F401
    import torch

    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


def main() -> int:
    warm_up()
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # a standby the app no longer needs: it closed the pipe without a request
    return train(json.loads(line), sys.stdin, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
