"""Hyperparameter search with Optuna: each trial is a normal Trainer run (and a normal run folder).

Ask/tell rather than `study.optimize`, so that the loop can stop from any thread (Optuna's
`study.stop()` only works from inside its own loop) and report each trial as it happens.
Epochs report the objective to the pruner (every k-th epoch for long trials); a pruned trial stops
its Trainer, whose run keeps its best weights like any stopped run. All torch work happens on the thread that iterates `run()`.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from tui.core.atomic import atomic_write_text
from tui.core.config import RunConfig
from tui.core.errors import ConfigError
from tui.core.events import EpochEnded, Event, Finished
from tui.core.i18n import N_
from tui.core.tune_events import TrialEnded, TrialEpoch, TrialStarted, TuneFinished, TuneStarted
from tui.core.tune_space import ChoiceParam, TuneSpec, format_params, parse_tune, with_params
from tui.core.vocabulary import DIVERGED, FAILED, STOPPED, TRIAL_COMPLETE, TRIAL_FAILED, TRIAL_PRUNED, TRIAL_STATES, TrialState
from tui.experiments.tune.heartbeat import ask, beating
from tui.experiments.tune.study import StorageSpec, open_storage, open_study, study_settings
from tui.runs.file_limits import read_summary
from tui.runs.location import new_run_dir, remove_if_empty

TrialOutcome = tuple[TrialState, float | None, int, str]  # (state, value, epochs, message)

EPOCH_EVENT_INTERVAL = 0.5  # seconds between TrialEpoch events (each one repaints a line of the app)
# Each report to the pruner is a database write plus a read of the other trials (~25 ms on SQLite here;
# 300 one-step epochs took 7-10 s instead of 0.4 s). So a trial reports every k-th epoch, the same k for
# every trial so that the pruner compares like with like, at most this many times per trial.
REPORTS_PER_TRIAL = 20


class Tuner:
    """Run `trials` trials of the config's `[tune]` search. Iterate `run()` for events; set `stop` from any thread.

    `runs_dir`: where each trial's run folder goes (None = write no run folders).
    """

    def __init__(
        self,
        config: RunConfig,
        storage: StorageSpec,
        *,
        study_name: str | None = None,
        trials: int | None = None,
        runs_dir: Path | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        spec = parse_tune(config)
        if spec is None:
            raise ConfigError(N_("{preset}: this preset has no [tune] section, so there is nothing to search").format(preset=config.name))
        if trials is not None and trials < 1:
            raise ConfigError(N_("--trials: must be at least 1 (got {trials})").format(trials=trials))
        self.config = config
        self.spec: TuneSpec = spec
        self.storage = storage
        self.study_name = study_name or config.name
        self.trials = trials or spec.trials
        self.runs_dir = runs_dir
        self.stop = stop or threading.Event()
        self.report_every = math.ceil(_most_epochs(config, spec) / REPORTS_PER_TRIAL)
        self._dataset_cache: tuple[str, Any] | None = None

    def run(self) -> Iterator[Event]:
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)  # our own events say what each trial did
        opened = open_study(open_storage(self.storage), self.study_name, self.spec, self.storage.shown, study_settings(self.config))
        study, spec = opened.study, self.spec
        yield TuneStarted(
            study=self.study_name,
            storage=self.storage.shown,
            objective=spec.objective,
            direction=spec.direction,
            trials=self.trials,
            sampler=spec.sampler,
            pruner=spec.pruner,
            existing=len(study.trials),
            space={p.key: p.describe() for p in spec.params},
            joined=opened.joined,
            differs=list(opened.differs),
        )
        counts = dict.fromkeys(TRIAL_STATES, 0)
        for _ in range(self.trials):
            if self.stop.is_set():
                break
            ended = yield from self._trial(study)
            counts[ended.state] += 1
        best = self._best(study)
        yield TuneFinished(
            study=self.study_name,
            storage=self.storage.shown,
            objective=spec.objective,
            direction=spec.direction,
            ran=sum(counts.values()),
            total=len(study.trials),
            stopped=self.stop.is_set(),
            complete=counts["complete"],
            pruned=counts["pruned"],
            failed=counts["failed"],
            **best,
        )

    # ------------------------------------------------------------------ one trial

    def _trial(self, study: Any) -> Generator[Event, None, TrialEnded]:
        import optuna

        trial = ask(study)  # a killed worker's trial is failed first, not left RUNNING forever
        number = trial.number
        started = time.perf_counter()
        values: dict[str, Any] = {}
        run_dir: Path | None = None
        state: TrialState = TRIAL_FAILED
        value, epochs, message = None, 0, ""
        try:
            values = {p.key: p.suggest(trial) for p in self.spec.params}
            config, message = self._trial_config(number, values)
            if config is not None:
                run_dir = new_run_dir(self.runs_dir, config.name) if self.runs_dir is not None else None
                if run_dir is not None:
                    trial.set_user_attr("run_dir", str(run_dir))
                yield TrialStarted(number, values, str(run_dir) if run_dir else None)
                # A UserError from the Trainer (unreadable data, no such device) would fail every trial: it ends the study.
                with beating(study, trial):
                    state, value, epochs, message = yield from self._train(trial, config, run_dir)
        finally:
            remove_if_empty(run_dir)  # a trial that never trained (the study closed first) leaves no folder
            # Tell the study on every exit path (Ctrl+C included) so that no trial stays "running" forever.
            if state == TRIAL_COMPLETE:
                study.tell(trial, value)
            else:
                study.tell(trial, state=optuna.trial.TrialState.PRUNED if state == TRIAL_PRUNED else optuna.trial.TrialState.FAIL)
        if run_dir is not None and run_dir.is_dir():
            _annotate_summary(run_dir, self.study_name, number, values, state, value, message)
        ended = TrialEnded(
            number=number,
            params=values,
            state=state,
            value=value,
            epochs=epochs,
            seconds=time.perf_counter() - started,
            run_dir=str(run_dir) if run_dir else None,
            message=message,
            **self._best(study),
        )
        yield ended
        return ended

    def _train(self, trial: Any, config: RunConfig, run_dir: Path | None) -> Generator[TrialEpoch, None, TrialOutcome]:
        """Drive one Trainer; returns (state, value, epochs, message)."""
        from tui.runs.recorder import record
        from tui.training.trainer import Trainer

        objective, maximize = self.spec.objective, self.spec.direction == "maximize"
        trainer = Trainer(config, stop=threading.Event(), dataset=self._cached_dataset(config))
        best: float | None = None
        last: float | None = None
        pruned_at: int | None = None
        finished: Finished | None = None
        next_epoch_event = 0.0
        for event in record(trainer, run_dir):
            if self.stop.is_set():
                trainer.stop.set()
            if isinstance(event, EpochEnded) and event.epoch > 0:  # epoch 0 (before training) is no trial's result
                last = getattr(event, objective)
                if last is not None and math.isfinite(last):
                    if best is None or (last > best if maximize else last < best):
                        best = last
                    if event.epoch % self.report_every == 0 and pruned_at is None:
                        trial.report(last, event.epoch)
                        if trial.should_prune():
                            pruned_at = event.epoch
                            trainer.stop.set()
                now = time.perf_counter()
                if now >= next_epoch_event:
                    next_epoch_event = now + EPOCH_EVENT_INTERVAL
                    yield TrialEpoch(trial.number, event.epoch, config.training.epochs, last, best)
            elif isinstance(event, Finished):
                finished = event
        self._keep_dataset(config, trainer.dataset)
        assert finished is not None
        if pruned_at is not None:
            why = N_("pruned at epoch {epoch}: {objective} {value} was behind earlier trials at that epoch").format(
                epoch=pruned_at, objective=objective, value=_short(last))
            return TRIAL_PRUNED, last, pruned_at, why
        if finished.reason == STOPPED:
            self.stop.set()  # also when the Trainer itself turned a Ctrl+C into a stop: the whole study ends
            return TRIAL_FAILED, best, finished.epochs, N_("stopped by the user")
        if finished.reason == FAILED:
            return TRIAL_FAILED, best, finished.epochs, finished.message
        if best is None:
            never = N_("{objective} was never a finite number").format(objective=objective)
            return TRIAL_FAILED, None, finished.epochs, finished.message or never
        note = finished.message if finished.reason == DIVERGED else ""
        return TRIAL_COMPLETE, best, finished.epochs, note

    # ------------------------------------------------------------------ helpers

    def _trial_config(self, number: int, values: dict[str, Any]) -> tuple[RunConfig | None, str]:
        """The trial's own run config (no [tune] section, named after the trial), or (None, why) when the
        sampled combination is one the config refuses (that trial fails; the study goes on)."""
        suffix = f"-trial{number}"
        try:
            config = with_params(self.config, values, name=self.config.name[: 64 - len(suffix)] + suffix, keep_tune=False)
        except ConfigError as error:
            return None, N_("the sampled values are refused: {problem}").format(problem=error)
        description = N_("Trial {number} of study {study}: {values}. {description}").format(
            number=number, study=self.study_name, values=format_params(values), description=self.config.description)
        return config.model_copy(update={"description": description.strip()}), ""

    def _cached_dataset(self, config: RunConfig) -> Any:
        """Trials that do not search data settings reuse the split data instead of loading it again."""
        if self._dataset_cache is not None and self._dataset_cache[0] == _data_key(config):
            return self._dataset_cache[1]
        return None

    def _keep_dataset(self, config: RunConfig, dataset: Any) -> None:
        if dataset is not None:
            self._dataset_cache = (_data_key(config), dataset)

    def _best(self, study: Any) -> dict[str, Any]:
        try:
            best = study.best_trial
        except ValueError:  # no complete trial yet
            return {"best_number": None, "best_value": None, "best_params": {}}
        return {"best_number": best.number, "best_value": best.value, "best_params": self.spec.decode(best.params)}


def _most_epochs(config: RunConfig, spec: TuneSpec) -> int:
    """The most epochs any trial can run (training.epochs may itself be searched)."""
    for param in spec.params:
        if param.key == "training.epochs":
            if isinstance(param, ChoiceParam):
                return max(int(c) for c in param.choices)
            return int(param.high)
    return config.training.epochs


def _data_key(config: RunConfig) -> str:
    return f"{config.seed}:{config.data.model_dump_json()}"


def _short(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4g}"


def _annotate_summary(
    run_dir: Path, study: str, number: int, values: dict[str, Any], state: str, value: float | None, message: str
) -> None:
    """Add the trial's place in the study to the run's summary.json (written by its recorder)."""
    path = run_dir / "summary.json"
    try:
        summary = read_summary(run_dir)
    except (OSError, ValueError, RecursionError):
        summary = None
    if not isinstance(summary, dict):
        summary = {"status": "not trained"}  # not translated: a status value in summary.json
    summary["tune"] = {"study": study, "trial": number, "params": values, "state": state, "value": value, "message": message}
    summary["description"] = N_("trial {number} of study {study}: {values}").format(
        number=number, study=study, values=format_params(values))
    atomic_write_text(path, json.dumps(summary, indent=2, default=str))
