"""The training process: a run in a child process, its events back over a pipe, stop and pause forwarded,
and nothing lost when the app goes away (the child keeps the best model)."""

from __future__ import annotations

import asyncio
import io
import json
import signal
import threading
from pathlib import Path

import pytest

from tests.factories import open_commands
from tui.core.errors import UserError
from tui.core.events import EpochEnded, Finished, Paused, RunStarted
from tui.worker import child as train_process
from tui.worker.control import ControlFlag
from tui.worker.parent import ProcessEvents, TrainingProcess
from tui.worker.protocol import Request, TrainingCrashed, TuneSettings, decode_request, encode_request


@pytest.fixture(autouse=True)
def _no_child_left_behind(monkeypatch):
    """A failing assertion must not leave a 100 000-epoch child training for the rest of the session."""
    started: list[TrainingProcess] = []
    original = TrainingProcess.__init__

    def tracked(self, *args, **kwargs):
        original(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(TrainingProcess, "__init__", tracked)
    yield
    for process in started:
        if process.process.poll() is None:
            process.process.kill()
            process.process.wait()


def long_run(iris_config, epochs: int = 100_000):
    """Iris for many epochs: long enough to stop, pause or kill in the middle."""
    return iris_config.model_copy(update={
        "training": iris_config.training.model_copy(update={"epochs": epochs}),
        "early_stopping": iris_config.early_stopping.model_copy(update={"patience": 0}),
    })


def test_a_run_in_the_process_sends_the_same_events_as_the_engine(iris_config, tmp_path):
    config = long_run(iris_config, epochs=5)
    events = list(ProcessEvents()(config, tmp_path / "runs", ControlFlag(), ControlFlag()))
    assert isinstance(events[0], RunStarted) and events[0].train_size == 120 and events[0].epochs == 5
    assert [e.epoch for e in events if isinstance(e, EpochEnded)] == [0, 1, 2, 3, 4, 5]
    end = events[-1]
    assert isinstance(end, Finished) and end.reason == "completed" and end.epochs == 5
    run_dirs = list((tmp_path / "runs").iterdir())
    assert [str(d) for d in run_dirs] == [end.run_dir]
    assert (run_dirs[0] / "best.safetensors").exists() and (run_dirs[0] / "summary.json").exists()


# Epochs a pause may take to reach the child (a pipe away, read by its own thread): far more than it needs.
PAUSE_SLACK_EPOCHS = 200


def test_stop_and_pause_reach_the_process_while_it_trains(iris_config, tmp_path):
    stop, pause = ControlFlag(), ControlFlag()
    seen = []
    for event in ProcessEvents()(long_run(iris_config), tmp_path / "runs", stop, pause):
        seen.append(event)
        if isinstance(event, EpochEnded) and event.epoch == 2:
            pause.set()
        elif isinstance(event, EpochEnded) and pause.is_set() and event.epoch > 2 + PAUSE_SLACK_EPOCHS:
            stop.set()  # the pause never arrived: end the run now, and fail below (not after 100 000 epochs)
        elif isinstance(event, Paused) and event.paused:
            pause.clear()
        elif isinstance(event, Paused) and not event.paused:
            stop.set()
    paused = [e.paused for e in seen if isinstance(e, Paused)]
    assert paused == [True, False]
    end = seen[-1]
    assert isinstance(end, Finished) and end.reason == "stopped" and end.epochs < 100_000
    assert (tmp_path / "runs").iterdir().__next__().joinpath("best.safetensors").exists()


def test_a_stop_set_before_the_run_starts_ends_the_process_before_any_set_up(iris_config, tmp_path):
    # Like a stop while the data load (tests/headless/test_stop_while_loading.py): nothing trained, nothing written.
    stop = ControlFlag()
    stop.set()
    assert list(ProcessEvents()(long_run(iris_config), tmp_path / "runs", stop, ControlFlag())) == []
    assert not (tmp_path / "runs").exists() or list((tmp_path / "runs").iterdir()) == []


def test_a_bad_data_file_is_the_engines_one_line_message(iris_config, tmp_path):
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    config = iris_config.model_copy(update={
        "data": iris_config.data.model_copy(update={"dataset": "csv", "path": str(tmp_path / "empty.csv"), "target": "y"}),
    })
    with pytest.raises(UserError, match="empty.csv"):
        list(ProcessEvents()(config, tmp_path / "runs", ControlFlag(), ControlFlag()))


def test_a_process_that_dies_mid_run_is_an_error_that_says_how(iris_config):
    process = TrainingProcess()
    events = process.events(long_run(iris_config), None, ControlFlag(), ControlFlag())
    try:
        assert isinstance(next(events), RunStarted)
        process.process.kill()
        with pytest.raises(RuntimeError, match="ended without finishing the run .killed by signal 9"):
            for _ in events:
                pass
    finally:
        process.close()


@pytest.mark.parametrize("how", ["app gone", "SIGTERM"])
def test_when_the_app_goes_away_or_a_signal_comes_the_process_keeps_the_best_model(iris_config, tmp_path, how):
    process = TrainingProcess()
    events = process.events(long_run(iris_config), tmp_path / "runs", ControlFlag(), ControlFlag())
    for event in events:
        if isinstance(event, EpochEnded) and event.epoch >= 3:
            break
    if how == "app gone":
        process.process.stdin.close()  # as when the app is killed: its end of the pipe closes
    else:
        process.process.send_signal(signal.SIGTERM)
    assert process.process.wait(timeout=60) == 0
    run_dir = next((tmp_path / "runs").iterdir())
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["reason"] == "stopped" and summary["epochs"] >= 3
    assert (run_dir / "best.safetensors").exists() and (run_dir / "resume.pt").exists()
    process.close()


def test_a_prestarted_process_is_used_for_the_next_run_and_another_waits_after_it(iris_config):
    source = ProcessEvents()
    source.prestart()
    standby = source._standby
    assert standby is not None and standby.process.poll() is None
    events = list(source(long_run(iris_config, epochs=2), None, ControlFlag(), ControlFlag()))
    assert events[-1].reason == "completed"
    assert standby.process.wait(timeout=60) == 0  # that run used the prestarted process, which has ended
    after = source._standby
    assert after is not None and after is not standby and after.process.poll() is None
    source.close()
    assert after.process.wait(timeout=10) != 0 and source._standby is None  # ended (killed: it never got a run)


def test_no_process_is_started_ahead_while_another_run_trains(iris_config):
    """The next run can start before the last one's process has closed (escape, F5): the standby then waits for
    that run's end, so importing torch never takes CPU from a run in progress."""
    source = ProcessEvents()
    source.prestart()
    first = source(long_run(iris_config, epochs=2), None, ControlFlag(), ControlFlag())
    events = [next(first)]
    second = source(long_run(iris_config, epochs=2), None, ControlFlag(), ControlFlag())
    events.append(next(second))  # the second run is busy before the first one closes
    events += list(first)
    assert source._standby is None  # the first run's end started none: the second trains
    events += list(second)
    assert source._standby is not None  # its end did
    source.close()


def test_a_bug_in_the_training_process_keeps_its_traceback_and_sends_one_line(iris_config, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(train_process, "Trainer", broken)
    out = io.StringIO()
    with open_commands() as commands:
        assert train_process.train(Request("train", iris_config, tmp_path / "runs"), commands, out) == 1
    record = json.loads(out.getvalue())
    assert record["event"] == "error" and not record["user_error"]
    assert record["message"].startswith("ZeroDivisionError: boom (traceback saved in ")
    saved = record["message"].split("traceback saved in ")[1].rstrip(")")
    assert "ZeroDivisionError" in Path(saved).read_text(encoding="utf-8")


def test_the_app_side_turns_an_error_line_into_the_matching_exception(iris_config, monkeypatch):
    for record, expected in (({"event": "error", "user_error": True, "message": "data.path: bad"}, UserError),
                             ({"event": "error", "user_error": False, "message": "ZeroDivisionError: boom"}, TrainingCrashed)):
        process = TrainingProcess.__new__(TrainingProcess)
        process._write_lock = threading.Lock()
        process.process = type("Child", (), {"stdin": io.StringIO(), "stdout": io.StringIO(json.dumps(record) + "\n")})()
        with pytest.raises(expected, match=record["message"].split(":")[0]):
            list(process.events(iris_config, None, ControlFlag(), ControlFlag()))


def test_commands_set_and_clear_the_flags_and_end_of_input_stops():
    stop, pause = threading.Event(), threading.Event()
    train_process.follow_commands(io.StringIO("pause\n"), stop, pause)
    assert stop.is_set() and not pause.is_set()  # the input ended: a stop, never left paused
    stop.clear()
    seen = []

    class Recording(threading.Event):
        def set(self):
            seen.append("pause")
            super().set()

        def clear(self):
            seen.append("resume")
            super().clear()

    train_process.follow_commands(io.StringIO("pause\nresume\n"), stop, Recording())
    assert seen[:2] == ["pause", "resume"]


def test_the_app_prestarts_a_training_process_and_ends_it_when_it_quits(iris_config):
    from tests.app.helpers import wait_until
    from tui.app.app import NNTuiApp

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, prestart=True)
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_until(pilot, lambda: app.event_source._standby is not None)
            standby = app.event_source._standby
            assert standby.process.poll() is None
        return standby

    standby = asyncio.run(scenario())
    assert standby.process.wait(timeout=10) != 0  # killed: it never got a run


def test_plain_events_for_stop_and_pause_are_refused_before_anything_trains(iris_config, tmp_path):
    with pytest.raises(TypeError, match="ControlFlags"):
        list(ProcessEvents()(iris_config, tmp_path / "runs", threading.Event(), threading.Event()))
    assert not (tmp_path / "runs").exists()


def test_resuming_trains_a_finished_run_longer_in_the_prestarted_process(iris_config, tmp_path):
    from tui.runs.metrics_file import read_metrics

    source = ProcessEvents()
    first = list(source(long_run(iris_config, epochs=3), tmp_path / "runs", ControlFlag(), ControlFlag()))
    assert first[-1].reason == "completed"
    run_dir = next((tmp_path / "runs").iterdir())
    source.prestart()
    standby = source._standby
    events = list(source.resuming(run_dir)(long_run(iris_config, epochs=6), tmp_path / "runs", ControlFlag(), ControlFlag()))
    assert standby.process.wait(timeout=60) == 0  # the prestarted process did the resuming
    assert events[0].start_epoch == 3 and events[-1].reason == "completed" and events[-1].epochs == 6
    assert [int(row["epoch"]) for row in read_metrics(run_dir)] == [0, 1, 2, 3, 4, 5, 6]  # epoch 0 once: the resume does not repeat it
    assert list((tmp_path / "runs").iterdir()) == [run_dir]  # no new run folder
    source.close()


def test_a_sweep_runs_in_one_process_and_numbers_its_runs(iris_config, tmp_path):
    config = long_run(iris_config, epochs=2).model_copy(update={"sweep": {"training.lr": [0.01, 0.1]}})
    seen = list(ProcessEvents().sweep(config, tmp_path / "runs", ControlFlag()))
    assert [index for index, _, event in seen if isinstance(event, RunStarted)] == [0, 1]
    ends = [(index, event.reason) for index, _, event in seen if isinstance(event, Finished)]
    assert ends == [(0, "completed"), (1, "completed")]
    assert len(list((tmp_path / "runs").iterdir())) == 2


def test_a_study_runs_in_the_process_and_its_events_come_back(tmp_path):
    from tests.factories import tune_config
    from tui.core.tune_events import TrialEnded, TuneFinished, TuneStarted

    settings = TuneSettings(storage=None, root=str(tmp_path / "runs"), keep_runs=True, study_name=None, trials=2)
    events = list(ProcessEvents().tune(tune_config(), ControlFlag(), settings))
    assert isinstance(events[0], TuneStarted) and events[0].trials == 2
    assert [e.number for e in events if isinstance(e, TrialEnded)] == [0, 1]
    end = events[-1]
    assert isinstance(end, TuneFinished) and end.ran == 2 and set(end.best_params) == {"training.lr"}
    assert (tmp_path / "runs" / "optuna.db").exists()  # the default SQLite study, under the runs folder
    with pytest.raises(UserError, match="storage"):
        settings = TuneSettings(storage="nosuchscheme:x", root=str(tmp_path / "runs"), keep_runs=True, study_name=None, trials=1)
        list(ProcessEvents().tune(tune_config(), ControlFlag(), settings))


def test_requests_keep_their_json_keys_and_come_back_whole(iris_config, tmp_path):
    """The pipe's wire format: the child reads what the app writes, with the keys it always had."""
    settings = TuneSettings(storage=None, root=str(tmp_path), keep_runs=False, study_name="s", trials=3)
    requests = {
        '"resume": null': Request("train", iris_config, tmp_path),
        f'"resume": "{tmp_path / "run"}"': Request("resume", iris_config, tmp_path, run_dir=tmp_path / "run"),
        '"sweep": true': Request("sweep", iris_config, tmp_path),
        '"tune": {"storage": null, "root": ': Request("tune", iris_config, tune=settings),
    }
    for key, request in requests.items():
        line = encode_request(request)
        assert line.startswith('{"config": {') and key in line
        assert decode_request(line) == request
