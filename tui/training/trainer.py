"""The training loop. Runs on one thread, speaks only in events (tui.core.events), writes no file.

The flow: `run()` yields events and ends with exactly one `Finished`; each epoch is a generator that
yields its events and returns an `Outcome` when it ends the run. Whoever keeps the run (the run folder:
tui.runs.recorder) consumes the events, copies `state_dict()` in the `on_epoch_end` hook, and puts a
saved state back with `load_state_dict()` between `setup()` and `run()`.

Speed rules (docs/DESIGN.md §Speed): data lives on the device as tensors; each epoch permutes it once
and takes contiguous slices; loss and correct counts accumulate on the device and are read
only when an event is due; the stop and pause flags are checked every step, and the pace
(tui.training.pace) only while paused or paced.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
import traceback
from collections.abc import Callable, Collection, Generator, Iterator
from typing import Any, NamedTuple

import torch

from tui.core import plan as planning
from tui.core.config import RunConfig, check_monitor, default_monitor
from tui.core.derivation import MAX_EXPLAINED_PARAMETERS
from tui.core.errors import ConfigError, DataError, UserError, out_of_memory_as
from tui.core.events import (
    Diagnosed,
    Diverged,
    EarlyStopped,
    EpochEnded,
    Event,
    Finished,
    Improved,
    PatienceTicked,
    Paused,
    Progress,
    RunStarted,
    StepLosses,
)
from tui.core.i18n import N_
from tui.core.vocabulary import COMPLETED, DIVERGED, EARLY_STOP, FAILED, STOPPED, FinishReason, metric_mode
from tui.data.loading import Dataset, load_dataset
from tui.training.device import pick_device, pick_threads
from tui.training.diagnose import DiagnosisTracker
from tui.training.early_stopping import EarlyStopping
from tui.training.epoch_zero import epoch_zero
from tui.training.memory_check import check_fits
from tui.training.model import build_model
from tui.training.objective import Objective
from tui.training.optim import build_optimizer
from tui.training.pace import Move, Pace
from tui.training.schedule import Schedule
from tui.training.scoring import evaluate, score
from tui.training.state import copied, numpy_rng_state, set_numpy_rng_state
from tui.training.step_losses import StepLossBuffer
from tui.training.symmetry import symmetry_event
from tui.training.trace import MAX_TRACE_PARAMETERS, StepTracer, lecture_layers
from tui.training.views import ModelViews

# A divergence message is whole sentences, each a catalogue template (the app shows them one by one, translated).
NOT_FINITE = N_("Diverged: the training loss is no longer a finite number (NaN or inf).")
EXPLODED = N_("Diverged: the training loss exploded to {loss}, over {factor}× its first value.")
STOPPED_BY_USER = N_("Stopped by the user; the best model so far is kept.")
DIVERGED_UNSAVED = N_("No weights were saved: it diverged before any epoch improved.")

EpochHook = Callable[[bool], None]  # called with `last`: whether the run ends at this epoch


class Outcome(NamedTuple):
    """How training ended: the `Finished` event's reason and message."""

    reason: FinishReason
    message: str


class Trainer:
    """Train one run. Iterate `run()` for its events; set `stop` (or `pause`) from any thread.

    It keeps in memory what a recorder of the run needs: the best weights (`best_state`), the traceback
    of a bug that failed the run (`failure_traceback`) and when it started (`started_at`).
    `on_epoch_end(last)` is called at each epoch boundary once that epoch's events are out (not after an
    epoch that diverged), where `state_dict()` is consistent; `last` is true when the run ends there.
    """

    def __init__(
        self,
        config: RunConfig,
        *,
        stop: threading.Event | None = None,
        pause: threading.Event | None = None,
        dataset: Dataset | None = None,
        progress_interval: float = 0.1,
        views: Collection[str] = (),
        pace: Pace | None = None,
        step_losses: bool = False,
    ) -> None:
        self.config = config
        self.stop = stop or threading.Event()
        self.pause = pause or threading.Event()
        self.dataset = dataset
        self.progress_interval = progress_interval
        self.views_wanted = frozenset(views)  # tui.training.views.VIEWS: pictures of the model, sent about once a second
        self.views: ModelViews | None = None
        self.pace = pace or Pace()  # full speed unless asked; changed live from any thread
        self.step_losses = StepLossBuffer() if step_losses else None  # the `steps` events, for a per-step chart
        self.on_epoch_end: EpochHook | None = None
        self.model: torch.nn.Sequential | None = None
        self.history_train: list[float] = []
        self.history_val: list[float | None] = []
        self.history_skipped = 0  # epochs a resumed checkpoint left out after the first (tui/runs/checkpoint_history.py)
        self.diagnosis = DiagnosisTracker()
        self.best_state: dict[str, torch.Tensor] | None = None
        self.failure_traceback: str | None = None
        self._t0: float | None = None  # when training (not set-up) started

    # ------------------------------------------------------------------ set-up

    def setup(self) -> None:
        """Load the data and build the model, optimizer and the rest from the config (`run()` does it if not done)."""
        cfg = self.config
        if self.dataset is None:
            too_much = N_("data: the {dataset!r} data set does not fit in memory; use fewer examples or features").format(
                dataset=cfg.data.dataset
            )
            with out_of_memory_as(DataError, too_much):
                self.dataset = load_dataset(cfg.data, cfg.seed)
        data = self.dataset
        try:
            self.objective = Objective.for_data(data.task, cfg.training.loss, data.n_classes)
        except ConfigError as error:
            if cfg.data.dataset == "csv" and cfg.data.task is None:
                guessed = N_("{error} (the task was inferred from the target column; set data.task if the guess is wrong)")
                raise ConfigError(guessed.format(error=error)) from None
            raise
        if cfg.early_stopping.patience > 0:
            check_monitor(cfg.early_stopping.monitor, data.task, cfg.data.val_split)
        self.device = pick_device(cfg.training.device)
        torch.manual_seed(cfg.seed)
        size = planning.parameter_count(data.n_features, list(cfg.model.hidden), self.objective.out_features)
        too_big = N_("model.hidden: a network of {size:,} parameters does not fit in memory on {device}; use smaller hidden layers").format(
            size=size, device=self.device
        )
        if self.device.type == "cpu":  # refused before allocating: the kernel kills a process that overcommits
            rows = len(data.x_train)
            batch = planning.resolve_batch_size(cfg.training.batch_size, rows)
            check_fits(cfg, size, data.n_features, self.objective.out_features, batch, rows)
        with out_of_memory_as(ConfigError, too_big):
            self.model = model = build_model(cfg.model, data.n_features, self.objective.out_features)
        self.parameters = sum(p.numel() for p in model.parameters())
        self.threads = pick_threads(cfg.training.threads, self.parameters)
        if self.device.type == "cpu":
            torch.set_num_threads(self.threads)
        if cfg.training.trace and cfg.model.dropout > 0:
            raise ConfigError(N_("training.trace: the step trace shows the network without dropout; set model.dropout = 0"))
        if cfg.training.trace and self.parameters > MAX_TRACE_PARAMETERS:
            raise ConfigError(
                N_("training.trace: the network has {parameters} parameters; the step trace is for tiny networks of at most {most}").format(
                    parameters=self.parameters, most=MAX_TRACE_PARAMETERS
                )
            )
        with out_of_memory_as(ConfigError, too_big):
            model.to(self.device)
            self.optimizer = build_optimizer(cfg.training, model.parameters(), self.device)
        too_much = N_("data: the data set does not fit in the memory of {device}; use fewer examples or cpu").format(device=self.device)
        with out_of_memory_as(DataError, too_much):
            to = lambda a: torch.as_tensor(a, device=self.device)  # noqa: E731
            self.x_train, self.x_val = to(data.x_train), to(data.x_val)
            self.y_train, self.y_val = to(data.y_train), to(data.y_val)
            self.t_train = self.objective.loss_targets(self.y_train)
            self.t_val = self.objective.loss_targets(self.y_val)
        self.target_scale = data.target_scale
        self.generator = torch.Generator(device="cpu").manual_seed(cfg.seed)
        self.plan = planning.make_plan(len(data.x_train), len(data.x_val), cfg.training.batch_size, cfg.training.epochs)
        # The metric that decides 'best': the early-stopping monitor, or a sensible default when it is off.
        self.monitor = default_monitor(cfg.early_stopping, len(data.x_val) > 0)
        self.stopper = EarlyStopping(self.monitor, metric_mode(self.monitor), cfg.early_stopping.patience, cfg.early_stopping.min_delta)
        self.schedule = Schedule(cfg.training.schedule, self.optimizer, lr=cfg.training.lr, epochs=self.plan.epochs,
                                 steps_per_epoch=self.plan.steps_per_epoch, mode=metric_mode(self.monitor))
        self.tracer = StepTracer(model) if cfg.training.trace else None
        if self.views_wanted:
            views = ModelViews(model, data, self.objective, self.device, cfg.model.hidden, self.views_wanted)
            self.views = views if views.any else None
        self.start_epoch = self.epoch = 0  # the epoch training starts after; the last one completed
        self.divergence_reference = 0  # the epoch index whose loss the divergence bound multiplies
        self.global_step = 0
        self.resumed = False  # a resumed run has its epoch 0 in its folder already
        self._elapsed_before = 0.0  # training seconds of the run before this resume
        self.started_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")

    # ------------------------------------------------------------------ state

    def state_dict(self) -> dict[str, Any]:
        """A copy of everything needed to go on exactly from here, gathered from each part's own state_dict.

        Take it at an epoch boundary (`on_epoch_end`). The keys are those of a resume.pt file.
        """
        assert self.model is not None and self.dataset is not None
        return {
            "epoch": self.epoch,
            "global_step": self.global_step,
            "model": copied(self.model.state_dict()),
            "optimizer": copied(self.optimizer.state_dict()),
            "stopper": self.stopper.state_dict(),
            "schedule": self.schedule.state_dict(),
            "generator": self.generator.get_state(),
            "torch_rng": torch.get_rng_state(),
            "numpy_rng": numpy_rng_state(),
            "history_train": list(self.history_train),
            "history_val": list(self.history_val),
            "history_skipped": self.history_skipped,
            "diagnosis": self.diagnosis.state_dict(),
            "best_model": self.best_state,  # replaced, never changed in place, on each improvement: no copy needed
            "elapsed": self.training_seconds(),
            "data_fingerprint": self.dataset.fingerprint,
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Put a `state_dict()` back into this set-up trainer (same config and data); one that does not fit is a UserError."""
        assert self.model is not None and self.dataset is not None
        saved, current = state["data_fingerprint"], self.dataset.fingerprint
        if saved and saved != current:
            differ = N_(
                "resume: the data differ from the data this run was trained on (fingerprint {saved} vs {current}); start a new run instead"
            )
            raise UserError(differ.format(saved=saved, current=current))
        try:
            self.model.load_state_dict(state["model"])
            self.optimizer.load_state_dict(state["optimizer"])
            if state["best_model"] is not None:
                self.model.load_state_dict(state["best_model"])  # the same check for the best weights ...
                self.model.load_state_dict(state["model"])  # ... then back to the current ones
        except (RuntimeError, ValueError, KeyError, TypeError, AttributeError) as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            unfit = N_("resume: the checkpoint does not fit this run's model or optimizer ({reason})")
            raise UserError(unfit.format(reason=first)) from None
        try:
            self._load_the_rest(state)
        except (RuntimeError, ValueError, KeyError, TypeError) as error:
            damaged = N_("resume: damaged checkpoint ({kind}: {error}); this run cannot be resumed")
            raise UserError(damaged.format(kind=type(error).__name__, error=error)) from None

    def _load_the_rest(self, state: dict[str, Any]) -> None:
        # A resume may lower the learning rate (e.g. after divergence); a schedule scales with it.
        schedule = state.get("schedule") or {"kind": "constant", "base_lr": self._saved_lr(state), "scheduler": None}
        self.schedule.load_state_dict(schedule)
        self.stopper.load_state_dict(state["stopper"])
        self.generator.set_state(state["generator"])
        torch.set_rng_state(state["torch_rng"])
        set_numpy_rng_state(state["numpy_rng"])
        self.history_train = list(state["history_train"])
        self.history_val = list(state["history_val"])
        self.history_skipped = state.get("history_skipped", 0)
        self.diagnosis.load_state_dict(state["diagnosis"])
        if state["best_model"] is not None:
            self.best_state = {k: v.to(self.device) for k, v in state["best_model"].items()}
        self.start_epoch = self.epoch = state["epoch"]
        self.global_step = state["global_step"]
        self.resumed = True
        self._elapsed_before = state["elapsed"]
        # A resume with another learning rate is a recovery (typically after a divergence): the divergence bound
        # then counts from its first epoch, not from the run's, whose loss the exploded weights are far above.
        if schedule["base_lr"] != self.config.training.lr:
            self.divergence_reference = len(self.history_train)  # the index the next epoch's loss gets

    @staticmethod
    def _saved_lr(state: dict[str, Any]) -> float:
        """The lr of a checkpoint from before schedules (its optimizer's)."""
        return float((state["optimizer"].get("param_groups") or [{}])[0].get("lr") or 0.0) or math.nan

    # ------------------------------------------------------------------ the loop

    def run(self) -> Generator[Event, None, None]:
        """Train, yielding events. Ends with exactly one `Finished` (unless set-up itself fails)."""
        if self.model is None:
            self.setup()
        yield self._started()
        if self.views is not None:
            yield self.views.points()
            yield from self.paint_views(self.start_epoch, force=True)
        self._t0 = time.perf_counter()
        self._paused_for = 0.0
        outcome: Outcome | None = None
        last: EpochEnded | None = None
        epoch = self.start_epoch
        try:
            if not self.resumed:  # the loss before any update: the curves' first point (not a training epoch)
                assert self.model is not None
                yield epoch_zero(self.model, self.objective, (self.x_train, self.t_train, self.y_train),
                                 (self.x_val, self.t_val, self.y_val), target_scale=self.target_scale)
                self._t0 = time.perf_counter()  # training time (and steps/s) starts after it
            for epoch in range(self.start_epoch + 1, self.plan.epochs + 1):
                outcome = yield from self._train_epoch(epoch)
                if outcome is not None:  # stopped or diverged inside the epoch
                    if outcome.reason == STOPPED:
                        epoch -= 1  # the interrupted epoch did not complete
                    break
                last = self._end_epoch(epoch)
                outcome = yield from self._after_epoch(last)
                if outcome is None and self.stop.is_set():
                    outcome = Outcome(STOPPED, "")
                if self.on_epoch_end is not None and (outcome is None or outcome.reason != DIVERGED):
                    self.on_epoch_end(outcome is not None or epoch == self.plan.epochs)
                if outcome is not None:
                    break
                yield from self.paint_views(epoch)
        except torch.OutOfMemoryError:
            if self.device.type == "cuda":
                torch.cuda.empty_cache()
            outcome = Outcome(FAILED, N_(
                "The GPU ran out of memory with batch size {batch}: lower training.batch_size (e.g. {smaller}) or use a smaller model, "
                "or device = cpu."
            ).format(batch=self.plan.batch_size, smaller=max(1, self.plan.batch_size // 2)))
        except UserError:
            raise
        except KeyboardInterrupt:  # Ctrl+C in a headless run: a user stop, checkpoint and best weights kept
            outcome = Outcome(STOPPED, N_("Interrupted (Ctrl+C); the best model so far is kept."))
            epoch = len(self.history_train) + self.history_skipped
        except Exception as error:  # a bug (or a full disk): the traceback is kept for the run's record, the best weights too
            self.failure_traceback = traceback.format_exc()
            outcome = Outcome(FAILED, f"{type(error).__name__}: {error}")
        if outcome is None or outcome.reason != FAILED:  # the last pictures and steps (a failed device may not read back)
            yield from self.paint_views(epoch, force=True)
            yield from self._steps_so_far(epoch)
        yield self._finish(outcome or Outcome(COMPLETED, ""), epoch, last)

    def _train_epoch(self, epoch: int) -> Generator[Event, None, Outcome | None]:
        """One pass over the training set; returns the outcome when the run ends inside it."""
        model, objective, optimizer = self.model, self.objective, self.optimizer
        assert model is not None
        model.train()
        n, batch = self.plan.train_size, self.plan.batch_size
        steps = self.plan.steps_per_epoch
        if batch >= n:
            xs, ts, ys = self.x_train, self.t_train, self.y_train  # batch GD: order does not matter
        else:
            perm = torch.randperm(n, generator=self.generator).to(self.device)
            xs, ts, ys = self.x_train[perm], self.t_train[perm], self.y_train[perm]
        # The outputs of each step are kept (detached) and scored once at the end of the epoch:
        # one cheap op per step instead of several, and no host sync (docs/DESIGN.md §Speed).
        outputs: list[torch.Tensor] = []
        clip, params = self.config.training.grad_clip, list(model.parameters())
        per_step_schedule = self.schedule.per_step
        self._epoch_t0 = time.perf_counter()
        next_tick = self._epoch_t0 + self.progress_interval
        pace = self.pace
        for step in range(steps):
            if pace.gated or self.pause.is_set():  # paced, paused or single-stepping; at full speed this check is all
                move = yield from self._gate(epoch, step)
                if isinstance(move, Outcome):
                    return move
                if move.single:
                    next_tick = 0.0  # a Progress right after a single step: the screen shows each one
            lo = step * batch
            xb, tb = xs[lo : lo + batch], ts[lo : lo + batch]
            out = model(xb)
            loss = objective.loss(out, tb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if self.tracer is not None:
                before = self.tracer.capture_before(xb, tb, out, loss)
            if clip:
                torch.nn.utils.clip_grad_norm_(params, clip, foreach=True)
            optimizer.step()
            if per_step_schedule:
                self.schedule.after_step()
            self.global_step += 1
            outputs.append(out.detach())
            if self.step_losses is not None:
                self.step_losses.add(self.global_step, loss)
            if self.tracer is not None:
                yield self.tracer.event(before, step=self.global_step, epoch=epoch, lr=self.schedule.epoch_lr)
            if self.stop.is_set():
                return Outcome(STOPPED, STOPPED_BY_USER)
            now = time.perf_counter()
            if now >= next_tick:
                next_tick = now + self.progress_interval
                yield from self._steps_so_far(epoch)  # a divergence's last finite steps are drawn too
                if not math.isfinite(float(loss.detach())):
                    event = Diverged(epoch, self.global_step, self._divergence_message(NOT_FINITE))
                    yield event
                    return Outcome(DIVERGED, event.message)
                yield self._progress(epoch, step + 1)
                yield from self.paint_views(epoch, force=pace.single_step)  # each single step shows the model it made
        self._epoch_outputs = (torch.cat(outputs), ts, ys)
        pace.epoch_ended()
        yield from self._steps_so_far(epoch, when_due=True)
        return None

    def paint_views(self, epoch: int, force: bool = False) -> Iterator[Event]:
        """The model's pictures (tui.training.views) when due, about once a second; `force`: now (a run's end, a single step)."""
        if self.views is not None and (force or self.views.due()):
            yield from self.views.paint(epoch, self.global_step)

    def _paused(self, paused: bool, epoch: int) -> Paused:
        # A tiny network's weights go with the pause, so the app can derive its next step (the Backprop screen).
        model = self.model if paused and self.parameters <= MAX_EXPLAINED_PARAMETERS else None
        return Paused(paused, epoch, self.global_step, lecture_layers(model) if model is not None else None)

    def _gate(self, epoch: int, step: int) -> Generator[Event, None, Outcome | Move]:
        """Before a step while paused or paced: wait until it may go, or the run stops (docs/DESIGN.md §Pace and single steps)."""
        pace = self.pace
        while not self.stop.is_set():
            paused = self.pause.is_set()
            if paused != pace.held:
                pace.hold(paused)
                yield self._paused(paused, epoch)
                if paused:
                    yield self._progress(epoch, step)  # where it stopped: the next single step shows as one more
            move = pace.next_move(paused, time.perf_counter())
            if not move.wait:
                return move
            waited_from = time.perf_counter()
            pace.wait(move.wait)
            if paused:  # paused time is not training time; a pace's waits are
                self._paused_for += time.perf_counter() - waited_from
        return Outcome(STOPPED, STOPPED_BY_USER)

    def _steps_so_far(self, epoch: int, *, when_due: bool = False) -> Generator[StepLosses, None, None]:
        batch = self.step_losses.take(epoch, when_due=when_due) if self.step_losses is not None else None
        if batch is not None:
            yield batch

    def _end_epoch(self, epoch: int) -> EpochEnded:
        assert self.model is not None
        # Training metrics score the outputs made during the epoch (before each update), as the lecture's loop does.
        train = score(self.objective, *self._epoch_outputs, target_scale=self.target_scale, f1=False)
        val = {}
        if self.plan.val_size:
            val = evaluate(self.model, self.objective, self.x_val, self.t_val, self.y_val, target_scale=self.target_scale)
        return EpochEnded(
            epoch=epoch,
            global_step=self.global_step,
            train_loss=train["loss"],
            val_loss=val.get("loss"),
            train_accuracy=train.get("accuracy"),
            val_accuracy=val.get("accuracy"),
            val_f1=val.get("f1"),
            val_mae=val.get("mae"),
            seconds=time.perf_counter() - self._epoch_t0,
            train_mae=train.get("mae"),
            elapsed=self.training_seconds(),
            lr=self.schedule.epoch_lr,
        )

    def _after_epoch(self, ended: EpochEnded) -> Generator[Event, None, Outcome | None]:
        """The epoch's metrics, then what they mean: divergence, a new best, patience, the curves' state."""
        yield ended
        epoch = ended.epoch
        self.history_train.append(ended.train_loss)
        self.history_val.append(ended.val_loss)
        self.epoch = epoch
        if not math.isfinite(ended.train_loss) or self._exploded(ended.train_loss):
            what = NOT_FINITE if not math.isfinite(ended.train_loss) else EXPLODED.format(
                loss=f"{ended.train_loss:.4g}", factor=f"{self.config.training.divergence_factor:g}"
            )
            diverged = Diverged(epoch, self.global_step, self._divergence_message(what))
            yield diverged
            return Outcome(DIVERGED, diverged.message)
        value = getattr(ended, self.monitor)
        decision = self.stopper.update(epoch, float("nan") if value is None else value)
        self.schedule.end_epoch(value)
        if decision.improved:
            assert self.model is not None
            self.best_state = copied(self.model.state_dict())
            yield Improved(epoch, self.monitor, decision.previous, float(value), None)  # a recorder adds the file's path
        if self.stopper.patience > 0:
            yield PatienceTicked(epoch, decision.wait, self.stopper.patience)
        diagnosis = self.diagnosis.update(self.history_train, self.history_val, skipped=self.history_skipped)
        if diagnosis is not None:
            yield Diagnosed(epoch, diagnosis.state, diagnosis.message, diagnosis.since_epoch)
        if epoch == self.start_epoch + 1 and self.model is not None and (tied := symmetry_event(self.model, epoch)) is not None:
            yield tied
        if decision.stop:
            yield EarlyStopped(epoch, int(self.stopper.best_epoch or 0), float(self.stopper.best or 0.0), self.monitor)
            return Outcome(EARLY_STOP, "")
        return None

    def _finish(self, outcome: Outcome, epoch: int, last: EpochEnded | None) -> Finished:
        restored = False
        if self.config.early_stopping.restore_best and self.best_state is not None and self.model is not None:
            self.model.load_state_dict(self.best_state)
            restored = True
        return Finished(
            reason=outcome.reason,
            epochs=epoch,
            best_epoch=self.stopper.best_epoch,
            best=self.stopper.best,
            run_dir=None,  # a recorder adds its folder
            monitor=self.monitor,
            seconds=self._elapsed(),
            restored_best=restored,
            message=outcome.message,
            metrics=dataclasses.asdict(last) if last is not None else {},
        )

    # ------------------------------------------------------------------ what the events say

    def _started(self) -> RunStarted:
        data = self.dataset
        assert data is not None and self.model is not None
        es = self.config.early_stopping
        return RunStarted(
            name=self.config.name,
            train_size=self.plan.train_size,
            val_size=self.plan.val_size,
            batch_size=self.plan.batch_size,
            steps_per_epoch=self.plan.steps_per_epoch,
            total_steps=self.plan.total_steps,
            gd_kind=self.plan.gd_kind,
            parameters=self.parameters,
            device=str(self.device),
            epochs=self.plan.epochs,
            task=data.task,
            monitor=self.monitor,
            patience=es.patience,
            run_dir=None,  # a recorder adds its folder
            model_summary=planning.describe_model(
                data.n_features, list(self.config.model.hidden), self.objective.out_features, self.config.model.activation
            ),
            threads=self.threads if self.device.type == "cpu" else 0,
            start_epoch=self.start_epoch,
            n_classes=data.n_classes,
            device_name=torch.cuda.get_device_name(self.device) if self.device.type == "cuda" else "",
            notes=list(data.notes),
        )

    def _progress(self, epoch: int, step: int) -> Progress:
        elapsed = self._elapsed()
        rate = self.global_step_in_run() / elapsed if elapsed > 0 else 0.0
        memory = torch.cuda.memory_allocated(self.device) if self.device.type == "cuda" else None
        return Progress(
            epoch=epoch,
            epochs=self.plan.epochs,
            step=step,
            steps_per_epoch=self.plan.steps_per_epoch,
            global_step=self.global_step,
            total_steps=self.plan.total_steps,
            elapsed=elapsed,
            steps_per_second=rate,
            samples_per_second=rate * self.plan.batch_size,
            device_memory=memory,
            single_step=self.pace.single_step,
        )

    def _divergence_message(self, what: str) -> str:
        """`what` (NOT_FINITE or EXPLODED), what to try, and whether best weights are kept: three sentences."""
        lr, batch = self.config.training.lr, self.plan.batch_size
        # Before any epoch improved there are no best weights: saying they are kept would promise a file that is not there.
        kept = N_("The best weights so far are kept.") if self.best_state is not None else DIVERGED_UNSAVED
        if batch > 1:
            advice = N_("The learning rate {lr} is too large for this problem: try training.lr = {lower} or a smaller batch than {batch}.")
        else:
            advice = N_("The learning rate {lr} is too large for this problem: try training.lr = {lower}.")
        return f"{what} {advice.format(lr=f'{lr:g}', lower=f'{lr / 10:g}', batch=batch)} {kept}"

    def _exploded(self, loss: float) -> bool:
        first = self.history_train[self.divergence_reference]
        return first > 0 and loss > first * self.config.training.divergence_factor

    def global_step_in_run(self) -> int:
        return self.global_step - self.start_epoch * self.plan.steps_per_epoch

    def training_seconds(self) -> float:
        """Seconds of training in the whole run, before a resume included (pauses and set-up excluded)."""
        return self._elapsed_before + self._elapsed()

    def _elapsed(self) -> float:
        """Seconds since this session's training started, pauses excluded (0 before it has)."""
        return 0.0 if self._t0 is None else time.perf_counter() - self._t0 - self._paused_for
