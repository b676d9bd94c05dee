"""A tune worker killed mid-trial does not leave its trial RUNNING forever: the trial's heartbeat stops, and the
next worker to ask for a trial marks it failed."""

from __future__ import annotations

import optuna
import sqlalchemy

from tests.experiments.test_tune_workers import tiny_shared_preset
from tui.cli import main
from tui.experiments.tune.heartbeat import GRACE_S, HEARTBEAT_S


def test_a_killed_workers_trial_is_failed_by_the_next_worker(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    preset = tiny_shared_preset(tmp_path)
    assert main(["tune", str(preset), "--storage", url, "--study", "shared", "--trials", "1", "--no-save"]) == 0
    # A worker that asked for a trial, beat once, then was killed (kill -9: nothing told the study).
    storage = optuna.storages.RDBStorage(url, heartbeat_interval=HEARTBEAT_S, grace_period=GRACE_S)
    study = optuna.load_study(study_name="shared", storage=storage)
    killed = study.ask()
    storage.record_heartbeat(killed._trial_id)
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:  # its last beat, long before the grace period
        connection.execute(sqlalchemy.text("UPDATE trial_heartbeats SET heartbeat = '2000-01-01 00:00:00'"))
    engine.dispose()
    assert study.trials[killed.number].state == optuna.trial.TrialState.RUNNING
    capsys.readouterr()
    assert main(["tune", str(preset), "--storage", url, "--study", "shared", "--trials", "1", "--no-save"]) == 0
    assert "Warning" not in capsys.readouterr().err  # Optuna's notes on heartbeats are not the user's
    states = {t.number: t.state for t in optuna.load_study(study_name="shared", storage=url).trials}
    assert states[killed.number] == optuna.trial.TrialState.FAIL
    assert list(states.values()).count(optuna.trial.TrialState.COMPLETE) == 2


def test_database_storages_record_heartbeats(tmp_path):
    from tui.experiments.tune.study import open_storage, resolve_storage

    storage = open_storage(resolve_storage(f"sqlite:///{tmp_path / 'study.db'}", tmp_path))
    assert storage.get_heartbeat_interval() == HEARTBEAT_S
