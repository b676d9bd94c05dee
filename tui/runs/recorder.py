"""The run folder as a consumer of a Trainer's events: the one writer of runs/<name>-<time>/.

`record(trainer, run_dir)` wraps `trainer.run()`. Before the run starts it writes config.toml, model.json
(what predict needs: tui/runs/model_file.py), a 'running' summary and a first checkpoint, so that even
a run killed at once is listed and resumable.
As events pass it appends events.jsonl and metrics.csv, keeps best.safetensors and snapshots the
trainer's state at epoch boundaries for resume.pt; at the end it writes error.log for a bug, the last
checkpoint and the final summary. Each event reaches the disk before it reaches the consumer.

A disk that refuses a write in the middle of the run ends it as failed, exactly as an error inside
training does: the error is raised inside the trainer, which then finishes the run.
"""

from __future__ import annotations

import dataclasses
import math
import os
import socket
import time
from collections.abc import Generator, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import numpy as np
import torch

from tui import __version__
from tui.core.errors import UserError
from tui.core.events import Event, Finished, Improved, RunStarted
from tui.core.i18n import N_
from tui.core.run_commands import apply_line
from tui.core.vocabulary import SUMMARY_FINISHED, SUMMARY_RUNNING
from tui.runs.control_pipe import ControlPipe
from tui.runs.folder import RunStore
from tui.runs.lock import LOCK_NAME, RunLock
from tui.runs.model_file import describe, write_model_file
from tui.runs.resume import Snapshot, all_finite, check_can_continue, read_checkpoint, write_checkpoint
from tui.training.trainer import Trainer

# An fsync'd write per improvement cost iris (100 epochs, ~40 improvements) ~40 % of its run time.
BEST_EVERY_SECONDS = 1.0  # the best-weights file trails the best in memory by at most this (exits flush it)
# A copy of the state costs ~0.2 ms, as much as a whole epoch of a tiny model.
SNAPSHOT_EVERY_SECONDS = 1.0  # at most this much training is redone after a stop inside an epoch
WRITE_EVERY_SECONDS = 10.0  # resume.pt during training; every exit path writes regardless


def record(trainer: Trainer, run_dir: Path | None, *, resume: bool = False) -> Iterator[Event]:
    """The trainer's events, with its run folder written as they pass (run_dir None: the events alone).

    `resume`: continue the run in `run_dir` from its checkpoint (same epochs, optimizer, early-stopping state
    and random streams); metrics.csv and events.jsonl continue.
    """
    if run_dir is None:
        if resume:
            raise UserError(N_("resume: needs the run's folder"))
        return trainer.run()
    return Recorder(trainer, run_dir, resume=resume).events()


class Recorder:
    """Writes one run's folder from its Trainer's events and state."""

    def __init__(self, trainer: Trainer, run_dir: Path, *, resume: bool = False) -> None:
        self.trainer = trainer
        self.run_dir = run_dir
        self.resume = resume
        self.store: RunStore  # opened when the events start
        self.snapshot: Snapshot | None = None  # the last consistent state, written as the resume checkpoint
        self._snapshot_taken = -math.inf
        self._checkpoint_written = -math.inf
        self._best_pending = False  # the trainer's best_state is newer than best.safetensors
        self._best_written = -math.inf
        self.lock = RunLock(run_dir)  # held from before set-up to after the last write
        # Anyone may pause, resume or stop the run through the folder (nn-tui stop, an attached view).
        self.control = ControlPipe(run_dir, lambda line: apply_line(line, trainer.stop, trainer.pause, trainer.pace))

    def events(self) -> Generator[Event, None, None]:
        try:
            yield from self._locked_events()
        finally:
            self.lock.release()

    def _locked_events(self) -> Generator[Event, None, None]:
        trainer = self.trainer
        try:
            self._lock()
            trainer.setup()
            if self.resume:
                snapshot = read_checkpoint(self.run_dir)
                check_can_continue(trainer.config, snapshot)
                trainer.load_state_dict(snapshot)
            self._open()
        except BaseException:
            self._remove_empty_run_dir()  # refused before anything was written: leave no empty folder behind
            raise
        trainer.on_epoch_end = self._epoch_done
        self.control.open()
        events = trainer.run()
        try:
            event = next(events)
            while not isinstance(event, Finished):
                try:
                    event = self._keep(event)
                except (Exception, KeyboardInterrupt) as error:  # e.g. a full disk: the trainer ends the run on it
                    event = events.throw(error)
                    continue
                yield event
                event = next(events)
            yield self._finish(event)
        finally:
            self.control.close()
            events.close()
            self.store.close()

    def _lock(self) -> None:
        """Take the folder's lock for the whole run: a second process (two resumes of one run) is refused."""
        if not self.resume:
            try:
                self.run_dir.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise UserError(self._cannot_write(error)) from None
        self.lock.acquire()

    # ------------------------------------------------------------------ as events pass

    def _open(self) -> None:
        """Config, a 'running' summary and a first checkpoint: even a run killed at once is listed and resumable."""
        trainer = self.trainer
        try:
            self.store = RunStore(self.run_dir, keep_epochs=trainer.start_epoch if self.resume else None)
            self.store.write_config(trainer.config)
            assert trainer.dataset is not None
            write_model_file(self.run_dir, describe(trainer.config, trainer.dataset, trainer.objective.out_features))
            self.store.write_summary(running_summary(trainer))
            self._take_snapshot()
            self._write_checkpoint()
        except OSError as error:  # read-only, full or vanished folder: the user's to fix, not a bug
            raise UserError(self._cannot_write(error)) from None

    def _cannot_write(self, error: OSError) -> str:
        return N_("run folder {folder}: cannot write ({why})").format(folder=self.run_dir, why=error.strerror or error)

    def _keep(self, event: Event) -> Event:
        """Write the event (and what it announces) to the folder; returns it as the consumer sees it."""
        if isinstance(event, RunStarted):
            event = dataclasses.replace(event, run_dir=str(self.run_dir))
        elif isinstance(event, Improved):
            event = dataclasses.replace(event, path=str(self._save_best()))
        self.store.record(event)
        return event

    def _save_best(self) -> Path:
        """The best weights' file, written at most every ~second and on every exit path."""
        self._best_pending = True
        if time.perf_counter() - self._best_written >= BEST_EVERY_SECONDS:
            self._flush_best()
        return self.store.best_weights

    def _flush_best(self) -> None:
        best = self.trainer.best_state
        if best is not None and self._best_pending:
            self.store.save_best(best)
            self._best_pending = False
            self._best_written = time.perf_counter()

    def _epoch_done(self, last: bool) -> None:
        """Snapshot this finished epoch (every ~second, and always when it is the run's last) and write it every ~10 s."""
        now = time.perf_counter()
        if last or now - self._snapshot_taken >= SNAPSHOT_EVERY_SECONDS:
            self._take_snapshot()
        if now - self._checkpoint_written >= WRITE_EVERY_SECONDS:
            self._write_checkpoint()

    def _take_snapshot(self) -> None:
        self._snapshot_taken = time.perf_counter()
        state = self.trainer.state_dict()
        if all_finite(state["model"]):  # non-finite weights: keep the last finite state
            self.snapshot = state

    def _write_checkpoint(self) -> str:
        """Write the last consistent state (and pending best weights); returns why, if the disk refused it."""
        self._checkpoint_written = time.perf_counter()
        try:
            self._flush_best()
            if self.snapshot is not None:
                write_checkpoint(self.run_dir, self.snapshot)
        except OSError as error:
            return str(error.strerror or error)
        return ""

    # ------------------------------------------------------------------ at the end

    def _finish(self, finished: Finished) -> Finished:
        message = finished.message
        if self.trainer.failure_traceback is not None:
            try:
                log = self.store.write_text("error.log", self.trainer.failure_traceback)
                message = _add_sentence(message, N_("(traceback in {path})"), N_("{problem} (traceback in {path})"), path=log)
            except OSError:  # the disk that failed the run refuses the log too
                pass
        refused = self._write_checkpoint()
        if refused:
            message = _add_sentence(message, N_("The resume checkpoint could not be written ({why})."),
                                    N_("{problem} The resume checkpoint could not be written ({why})."), why=refused)
        finished = dataclasses.replace(finished, run_dir=str(self.run_dir), message=message)
        # A full disk must not turn the end of a run into a crash, nor leave the summary saying 'running'.
        failed: OSError | None = None
        try:
            self.store.record(finished)
        except OSError as error:
            failed = error
        self.store.close()
        try:
            self.store.write_summary(final_summary(self.trainer, finished))
        except OSError as error:
            failed = failed or error
            with suppress(OSError):
                self.store.overwrite_summary(final_summary(self.trainer, finished))
        if failed is not None:
            finished = dataclasses.replace(
                finished, message=_add_sentence(finished.message, N_("The run folder could not be completed ({why})."),
                                                N_("{problem} The run folder could not be completed ({why})."),
                                                why=failed.strerror or failed)
            )
        return finished

    def _remove_empty_run_dir(self) -> None:
        if self.resume:
            return
        with suppress(OSError):
            if self.lock.held and [p.name for p in self.run_dir.iterdir()] == [LOCK_NAME]:
                (self.run_dir / LOCK_NAME).unlink()  # our own lock file: the folder holds nothing else
            self.run_dir.rmdir()  # only succeeds when empty


def running_summary(trainer: Trainer) -> dict[str, Any]:
    """Written at the start and replaced at the end: a run killed in between is listed as interrupted."""
    assert trainer.dataset is not None
    return {
        "name": trainer.config.name,
        "status": SUMMARY_RUNNING,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started_at": trainer.started_at,
        "start_epoch": trainer.start_epoch,
        "device": str(trainer.device),
        "dataset": trainer.dataset.name,
        "data_fingerprint": trainer.dataset.fingerprint,
        "parameters": trainer.parameters,
        "versions": versions(),
    }


def final_summary(trainer: Trainer, finished: Finished) -> dict[str, Any]:
    data = trainer.dataset
    assert data is not None
    return {
        "name": trainer.config.name,
        "status": SUMMARY_FINISHED,
        "reason": finished.reason,
        "message": finished.message,
        "epochs": finished.epochs,
        "best_epoch": finished.best_epoch,
        "best": finished.best,
        "monitor": finished.monitor,
        "seconds": finished.seconds,
        "last": finished.metrics,
        "device": str(trainer.device),
        "threads": trainer.threads,
        "parameters": trainer.parameters,
        "dataset": data.name,
        "data_fingerprint": data.fingerprint,
        "train_size": trainer.plan.train_size,
        "val_size": trainer.plan.val_size,
        "class_names": data.class_names,
        "versions": versions(),
        "started_at": trainer.started_at,
        "start_epoch": trainer.start_epoch,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def versions() -> dict[str, str]:
    return {"nn-tui": __version__, "torch": torch.__version__, "numpy": np.__version__}


def _add_sentence(message: str, alone: str, after: str, **fields: object) -> str:
    """`message` and one more sentence, each way a whole template (translated() matches it): `after`
    ("{problem} ...": the message before it is translated as a message of its own) or, with no message before
    it, `alone` after a space, as the English has always read."""
    if message:
        return after.format(problem=message, **fields)
    return " " + alone.format(**fields)
