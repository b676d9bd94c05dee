"""Real (tiny) studies: trials run the real Trainer, bad trials are pruned, every trial is a run folder."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import optuna
import pytest

from tests.factories import tune_config
from tui.core.errors import ConfigError, UserError
from tui.core.tune_events import TrialEnded, TrialEpoch, TrialStarted, TuneFinished, TuneStarted
from tui.experiments.tune.study import resolve_storage
from tui.experiments.tune.tuner import Tuner

MEMORY = resolve_storage("memory", Path("unused"))


def ended(events: list) -> list[TrialEnded]:
    return [e for e in events if isinstance(e, TrialEnded)]


def test_a_small_study_runs_to_completion_with_run_folders(tmp_path):
    space = {"training": {"lr": {"low": 1e-3, "high": 0.3, "log": True}}, "model": {"hidden": [[4], [8, 8]]}}
    config = tune_config({"trials": 3, "sampler": "random", "seed": 1, **space})
    storage = resolve_storage(None, tmp_path / "runs")
    events = list(Tuner(config, storage, runs_dir=tmp_path / "runs").run())

    assert isinstance(events[0], TuneStarted) and isinstance(events[-1], TuneFinished)
    trials = ended(events)
    assert [t.number for t in trials] == [0, 1, 2]
    assert all(t.state == "complete" and t.value is not None for t in trials)
    assert all(1e-3 <= t.params["training.lr"] <= 0.3 and t.params["model.hidden"] in ([4], [8, 8]) for t in trials)
    best = min(trials, key=lambda t: t.value)
    finished = events[-1]
    assert (finished.best_number, finished.best_value, finished.best_params) == (best.number, best.value, best.params)
    assert (finished.ran, finished.complete, finished.total) == (3, 3, 3)

    # The default storage is a SQLite file in the runs folder, readable by Optuna itself.
    study = optuna.load_study(study_name="tiny", storage=f"sqlite:///{tmp_path / 'runs' / 'optuna.db'}")
    assert study.best_trial.number == best.number
    # Every trial is a normal run folder whose config is that trial's and whose summary names the trial.
    for trial in trials:
        run_dir = Path(trial.run_dir)
        assert run_dir.name.startswith(f"tiny-trial{trial.number}-")
        summary = json.loads((run_dir / "summary.json").read_text())
        assert summary["tune"]["trial"] == trial.number and summary["tune"]["state"] == "complete"
        assert summary["tune"]["params"]["model.hidden"] == trial.params["model.hidden"]
        assert summary["best"] == pytest.approx(trial.value)
        assert f"lr = {trial.params['training.lr']}" in (run_dir / "config.toml").read_text()
        assert "[tune]" not in (run_dir / "config.toml").read_text()
        assert json.loads((run_dir / "model.json").read_text())["architecture"]["hidden"] == trial.params["model.hidden"]


def test_the_value_is_the_best_objective_over_the_epochs_in_its_direction():
    tune = {"trials": 2, "sampler": "random", "objective": "val_accuracy", "training": {"lr": [0.05, 0.2]}}
    config = tune_config(tune, training={"epochs": 6})
    events = list(Tuner(config, MEMORY).run())
    assert events[0].direction == "maximize"
    for trial in ended(events):
        assert 0.0 <= trial.value <= 1.0
    assert events[-1].best_value == max(t.value for t in ended(events))


def test_clearly_bad_trials_are_pruned_early():
    # lr 1e-5 barely moves the loss; once one lr 0.5 trial has completed, the median pruner stops the slow ones.
    tune = {"trials": 6, "sampler": "random", "seed": 0, "startup_trials": 1, "warmup_epochs": 2, "training": {"lr": [1e-5, 0.5]}}
    events = list(Tuner(tune_config(tune, training={"epochs": 8}), MEMORY).run())
    trials = ended(events)
    pruned = [t for t in trials if t.state == "pruned"]
    assert pruned, [(t.params, t.state) for t in trials]
    assert all(t.params["training.lr"] == 1e-5 and t.epochs == 2 for t in pruned)
    assert all(t.epochs == 8 for t in trials if t.state == "complete")
    assert events[-1].pruned == len(pruned)
    assert "pruned at epoch 2" in pruned[0].message


def test_a_refused_combination_fails_that_trial_and_the_study_goes_on():
    tune = {"trials": 3, "sampler": "random", "training": {"nesterov": [True], "lr": [0.1]}}
    events = list(Tuner(tune_config(tune), MEMORY).run())
    assert [t.state for t in ended(events)] == ["failed"] * 3
    assert "nesterov needs optimizer 'sgd'" in ended(events)[0].message
    assert not [e for e in events if isinstance(e, TrialStarted)]  # nothing was trained
    assert events[-1].best_number is None


def test_setting_stop_ends_the_running_trial_and_the_study():
    stop = threading.Event()
    config = tune_config({"trials": 50, "sampler": "random", "training": {"lr": [0.05]}}, training={"epochs": 2000})
    tuner = Tuner(config, MEMORY, stop=stop)
    events = []
    for event in tuner.run():
        events.append(event)
        if isinstance(event, TrialEpoch):
            stop.set()
    trials = ended(events)
    assert len(trials) == 1 and trials[0].state == "failed" and trials[0].message == "stopped by the user"
    assert trials[0].epochs < 2000
    assert events[-1].stopped and events[-1].ran == 1


def test_an_error_every_trial_would_hit_ends_the_study_and_marks_the_trial_failed(tmp_path):
    config = tune_config(data={"dataset": "csv", "path": str(tmp_path / "missing.csv"), "target": "y", "task": "classification"})
    storage = resolve_storage(str(tmp_path / "study.db"), tmp_path)
    with pytest.raises(UserError, match="missing.csv"):
        list(Tuner(config, storage).run())
    study = optuna.load_study(study_name="tiny", storage=storage.target)
    assert [t.state for t in study.trials] == [optuna.trial.TrialState.FAIL]


def test_a_study_with_another_direction_is_not_joined(tmp_path):
    storage = resolve_storage(str(tmp_path / "study.db"), tmp_path)
    list(Tuner(tune_config({"trials": 1, "training": {"lr": [0.1]}}), storage).run())
    maximize = tune_config({"trials": 1, "objective": "val_accuracy", "training": {"lr": [0.1]}})
    with pytest.raises(ConfigError, match="was created to minimize.*choose another name with --study"):
        list(Tuner(maximize, storage).run())


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        (None, "rdb", "sqlite:///{root}/optuna.db"),
        ("memory", "memory", "memory"),
        ("journal:{root}/j.log", "journal", "{root}/j.log"),
        ("{root}/study.log", "journal", "{root}/study.log"),
        ("{root}/study.db", "rdb", "sqlite:///{root}/study.db"),
        ("postgresql://me:secret@db.example/optuna", "rdb", "postgresql://me:secret@db.example/optuna"),
    ],
)
def test_storage_spellings(tmp_path, text, kind, target):
    root = tmp_path.resolve()
    spec = resolve_storage(None if text is None else text.format(root=root), root)
    assert (spec.kind, spec.target) == (kind, target.format(root=root))
    assert "secret" not in spec.shown


def test_an_unknown_storage_spelling_says_what_is_accepted(tmp_path):
    with pytest.raises(ConfigError, match="--storage 'mystudy': expected a database URL"):
        resolve_storage("mystudy", tmp_path)


def test_a_journal_file_storage_works(tmp_path):
    storage = resolve_storage(str(tmp_path / "study.log"), tmp_path)
    events = list(Tuner(tune_config({"trials": 2, "sampler": "random", "training": {"lr": [0.05, 0.1]}}), storage).run())
    assert events[-1].total == 2 and (tmp_path / "study.log").stat().st_size > 0


def test_postgresql_urls_name_an_installed_driver():
    import importlib.util

    from tui.experiments.tune.study import with_postgres_driver

    # SQLAlchemy 2.1 would assume psycopg 3 for a bare URL; psycopg2-binary is what the test extra installs.
    dialect, _, rest = with_postgres_driver("postgres://me@db.example/optuna").partition("://")
    assert rest == "me@db.example/optuna"
    assert dialect in ("postgresql+psycopg", "postgresql+psycopg2") and importlib.util.find_spec(dialect.split("+")[1])
    assert with_postgres_driver("postgresql+psycopg2://me@h/db") == "postgresql+psycopg2://me@h/db"
    assert with_postgres_driver("sqlite:///x.db") == "sqlite:///x.db"


def test_long_trials_report_to_the_pruner_on_a_shared_grid_of_at_most_20_epochs(tmp_path):
    # Each report is a database write; 200 one-step epochs report every 10th epoch, the same epochs in every trial.
    storage = resolve_storage(str(tmp_path / "study.db"), tmp_path)
    config = tune_config({"trials": 2, "sampler": "random", "pruner": "none", "training": {"lr": [0.01, 0.02]}}, training={"epochs": 200})
    list(Tuner(config, storage).run())
    for trial in optuna.load_study(study_name="tiny", storage=storage.target).trials:
        assert sorted(trial.intermediate_values) == list(range(10, 201, 10))


def test_joining_a_study_with_other_settings_names_the_keys_that_differ(tmp_path):
    storage = resolve_storage(str(tmp_path / "study.db"), tmp_path)
    tune = {"trials": 1, "sampler": "random", "training": {"lr": [0.1]}}
    first = list(Tuner(tune_config(tune), storage).run())
    assert not first[0].joined and first[0].differs == []
    # Another worker's device, thread count and trial count do not matter; its epochs do.
    same = list(Tuner(tune_config({**tune, "trials": 2}, training={"threads": 1}), storage).run())
    assert same[0].differs == []
    other = list(Tuner(tune_config(tune, training={"epochs": 5}), storage).run())
    assert other[0].joined and other[0].differs == ["training.epochs"]
