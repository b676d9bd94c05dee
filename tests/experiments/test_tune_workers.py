"""`nn-tui tune` headless, and several worker processes sharing one study (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import optuna
import pytest

from tui.cli import main
from tui.experiments.tune.study import with_postgres_driver

from .helpers import write_preset

POSTGRES_ENV = "NN_TUI_TEST_POSTGRES"
TRIALS_EACH = 3


def test_headless_output_shows_each_trial_and_the_best(tmp_path, capsys):
    preset = write_preset(tmp_path / "tiny.toml", {"trials": 3, "sampler": "random", "training": {"lr": [0.02, 0.2]}})
    code = main(["tune", str(preset), "--storage", "memory", "--no-save"])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    trial_lines = [line for line in lines if line.startswith("trial ")]
    assert [re.match(r"trial +(\d+)", line).group(1) for line in trial_lines] == ["0", "1", "2"]
    assert all("lr=" in line and "val_loss=" in line and "complete" in line for line in trial_lines)
    best = re.search(r"Best: trial (\d+)  val_loss=([0-9.]+)  lr=([0-9.]+)", out)
    assert best, out
    chosen = next(line for line in trial_lines if re.match(rf"trial +{best.group(1)} ", line))
    assert f"val_loss={best.group(2)}" in chosen and f"lr={best.group(3)}" in chosen
    assert "3 trials here (3 complete, 0 pruned, 0 failed), 3 in the study" in out


def test_jsonl_has_one_object_per_tuning_event(tmp_path, capsys):
    preset = write_preset(tmp_path / "tiny.toml", {"trials": 2, "sampler": "random", "training": {"lr": [0.05]}})
    assert main(["tune", str(preset), "--storage", "memory", "--no-save", "--jsonl", "-"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    kinds = [e["event"] for e in events if e["event"] != "trial_epoch"]
    assert kinds == ["tune_start", "trial_start", "trial_end", "trial_start", "trial_end", "tune_end"]
    assert events[-1]["best_params"] == {"training.lr": 0.05}


def test_a_preset_without_tune_is_a_clear_error(tmp_path, capsys):
    preset = write_preset(tmp_path / "plain.toml", tune=None)
    assert main(["tune", str(preset), "--storage", "memory"]) == 2
    assert "has no [tune] section" in capsys.readouterr().err


def run_workers(preset: Path, storage: str, study: str, runs: Path, workers: int = 2) -> list[subprocess.CompletedProcess]:
    command = [
        sys.executable, "-m", "tui", "tune", str(preset),
        "--trials", str(TRIALS_EACH), "--storage", storage, "--study", study, "--runs-dir", str(runs),
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(workers)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        results.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return results


def check_shared_study(results: list[subprocess.CompletedProcess], storage_url: str, study_name: str, runs: Path) -> None:
    for result in results:
        assert result.returncode == 0, result.stderr
        assert len([line for line in result.stdout.splitlines() if line.startswith("trial ")]) == TRIALS_EACH
    study = optuna.load_study(study_name=study_name, storage=storage_url)
    numbers = [t.number for t in study.trials]
    total = TRIALS_EACH * len(results)
    assert sorted(numbers) == list(range(total))  # the count adds up, no number twice
    assert all(t.state.is_finished() for t in study.trials)
    # Each worker's trials are its own run folders, named after their (unique) trial numbers.
    folders = [json.loads((d / "summary.json").read_text())["tune"]["trial"] for d in runs.iterdir() if d.is_dir()]
    assert sorted(folders) == list(range(total))
    # One worker created the study; the others joined it.
    assert sum("joining" in r.stdout for r in results) == len(results) - 1


def tiny_shared_preset(tmp_path: Path) -> Path:
    return write_preset(tmp_path / "shared.toml", {"trials": 1, "training": {"lr": {"low": 1e-3, "high": 0.3, "log": True}}})


@pytest.mark.timeout(300)  # two tuning processes; each may take its 240 s
def test_two_processes_share_one_sqlite_study(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    runs = tmp_path / "runs"
    results = run_workers(tiny_shared_preset(tmp_path), url, "shared", runs)
    check_shared_study(results, url, "shared", runs)


@pytest.fixture
def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV}=postgresql://user@127.0.0.1:PORT/db (.ci/run starts one)")
    return url


@pytest.mark.timeout(300)  # two tuning processes; each may take its 240 s
@pytest.mark.postgres
def test_two_processes_share_one_postgresql_study(tmp_path, postgres_url):
    study = f"shared-{uuid.uuid4().hex[:8]}"
    runs = tmp_path / "runs"
    try:
        results = run_workers(tiny_shared_preset(tmp_path), postgres_url, study, runs)
        check_shared_study(results, with_postgres_driver(postgres_url), study, runs)
    finally:
        try:
            optuna.delete_study(study_name=study, storage=with_postgres_driver(postgres_url))
        except KeyError:
            pass


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_a_signal_stops_the_running_trial_and_the_study_leaving_no_trial_running(tmp_path, stop_signal):
    # A dropped SSH session, `kill` or Ctrl+C must end the study and never leave a trial "running" in a shared study.
    # batch_size 1: most of the time is spent inside torch's backward, where a raw KeyboardInterrupt does harm.
    preset = write_preset(
        tmp_path / "long.toml", {"trials": 5, "training": {"lr": [0.05]}}, training={"epochs": 1_000_000, "batch_size": 1}
    )
    url = f"sqlite:///{tmp_path / 'study.db'}"
    command = [sys.executable, "-m", "tui", "tune", str(preset), "--storage", url, "--no-save", "--jsonl", "-"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    # A shell running the tests in the background ignores SIGINT, and children inherit that: undo it.
    def restore_ctrl_c() -> None:
        signal.signal(signal.SIGINT, signal.default_int_handler)

    # preexec_fn is safe here: the test has started no threads yet.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, preexec_fn=restore_ctrl_c)
    try:
        for line in process.stdout:  # wait until the first trial is training
            if json.loads(line)["event"] == "trial_start":
                break
        process.send_signal(stop_signal)
        rest, err = process.communicate(timeout=60)
    finally:
        process.kill()
    events = [json.loads(line)["event"] for line in rest.splitlines()]
    assert process.returncode == 0, err
    assert "trial_start" not in events  # no further trial began
    assert events[-1] == "tune_end" and json.loads(rest.splitlines()[-1])["stopped"]
    study = optuna.load_study(study_name="tiny", storage=url)
    assert [t.state for t in study.trials] == [optuna.trial.TrialState.FAIL]
