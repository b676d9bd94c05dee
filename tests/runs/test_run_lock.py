"""A run folder in use is locked for the whole run: a second process gets one line and exit 2, never a shared folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import open_commands, tiny_config
from tui.core.errors import UserError
from tui.core.events import EpochEnded
from tui.runs.listing import read_run
from tui.runs.lock import LOCK_NAME, RunLock, lock_state
from tui.runs.recorder import record
from tui.runs.resume import resume_config
from tui.training.trainer import Trainer

HOLD = """
import sys, time
from pathlib import Path
from tui.runs.lock import RunLock
RunLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(60)
"""


def stopped_run(root: Path) -> Path:
    run_dir = root / "tiny-20260101-000000"
    trainer = Trainer(tiny_config(epochs=4))
    for event in record(trainer, run_dir):
        if isinstance(event, EpochEnded) and event.epoch == 2:
            trainer.stop.set()
    return run_dir


@pytest.fixture
def holder(tmp_path):
    """Start a second process holding a folder's lock; killed at the end."""
    started: list[subprocess.Popen] = []

    def hold(run_dir: Path) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-c", HOLD, str(run_dir)], stdout=subprocess.PIPE, text=True,
                                   env={**os.environ, "PYTHONPATH": os.getcwd()})
        started.append(process)
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        return process

    yield hold
    for process in started:
        process.kill()
        process.wait()


def test_the_lock_is_held_for_the_whole_run_and_let_go_after(tmp_path):
    run_dir = tmp_path / "run"
    states = [lock_state(run_dir) for _ in record(Trainer(tiny_config(epochs=2)), run_dir)]
    assert set(states) == {(True, os.getpid())}
    assert lock_state(run_dir) == (False, None)


def test_a_second_recorder_on_a_folder_in_use_is_refused_and_changes_nothing(tmp_path):
    run_dir = stopped_run(tmp_path)
    first = record(Trainer(resume_config(run_dir)), run_dir, resume=True)
    next(first)
    metrics = (run_dir / "metrics.csv").read_bytes()
    with pytest.raises(UserError, match=f"in use by process {os.getpid()}"):
        list(record(Trainer(resume_config(run_dir)), run_dir, resume=True))
    assert (run_dir / "metrics.csv").read_bytes() == metrics
    rest = list(first)
    epochs = [json.loads(line)["epoch"] for line in (run_dir / "events.jsonl").read_text().splitlines()
              if json.loads(line)["event"] == "epoch"]
    assert rest[-1].reason == "completed" and epochs == [0, 1, 2, 3, 4]


def test_resume_of_a_folder_another_process_holds_exits_2_naming_it(tmp_path, holder, capsys):
    from tui.cli import main

    run_dir = stopped_run(tmp_path / "runs")
    process = holder(run_dir)
    assert read_run(run_dir).status == "running"
    assert main(["train", "--resume", run_dir.name, "--runs-dir", str(tmp_path / "runs")]) == 2
    err = capsys.readouterr().err
    assert f"{run_dir.name}: in use by process {process.pid}" in err and len(err.strip().splitlines()) == 1


def test_the_lock_goes_with_a_killed_process(tmp_path, holder):
    run_dir = stopped_run(tmp_path)
    process = holder(run_dir)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert lock_state(run_dir) == (False, None)
    assert read_run(run_dir).status != "running"
    assert list(record(Trainer(resume_config(run_dir)), run_dir, resume=True))[-1].reason == "completed"


def test_a_running_summary_whose_pid_lives_on_is_interrupted_when_the_lock_is_free(tmp_path):
    # The process id was reused by some other program: the free lock says no run trains here.
    run_dir = stopped_run(tmp_path)
    summary = json.loads((run_dir / "summary.json").read_text())
    summary.update(status="running", pid=os.getppid(), host=__import__("socket").gethostname())
    (run_dir / "summary.json").write_text(json.dumps(summary))
    assert (run_dir / LOCK_NAME).exists()
    assert read_run(run_dir).status == "interrupted"


def test_release_is_idempotent_and_the_lock_can_be_taken_again(tmp_path):
    lock = RunLock(tmp_path)
    lock.acquire()
    lock.release()
    lock.release()
    again = RunLock(tmp_path)
    again.acquire()
    assert lock_state(tmp_path) == (True, os.getpid())
    again.release()


def test_the_apps_resume_of_a_folder_in_use_is_one_user_error_line(tmp_path, holder):
    import io

    import tui.worker.child as child
    from tui.worker.protocol import Request

    run_dir = stopped_run(tmp_path)
    process = holder(run_dir)
    out = io.StringIO()
    request = Request("resume", resume_config(run_dir), tmp_path, run_dir=run_dir)
    with open_commands() as commands:
        assert child.train(request, commands, out) == 2
    (line,) = out.getvalue().splitlines()
    sent = json.loads(line)
    assert sent["event"] == "error" and sent["user_error"] and f"in use by process {process.pid}" in sent["message"]
