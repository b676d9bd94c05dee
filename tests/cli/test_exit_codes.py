"""Exit codes: 2 and one line for anything the user can fix, 1 only for a bug (traceback saved, one pointer)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tui.cli import main

from .helpers import assert_one_clear_line, run_cli


@pytest.mark.parametrize(
    "args",
    [
        ["train", "iris", "--bogus"],
        ["runs", "show"],
        ["runs", "bogus"],
        ["tune"],
        ["tune", "tune-iris", "--trials", "many"],
        ["sweep"],
        ["presets", "--bogus"],
        ["bench", "--repeats", "0"],
        ["bench", "--epochs", "x"],
        ["app", "iris", "--bogus"],
    ],
    ids=" ".join,
)
def test_usage_errors_exit_2_without_a_traceback(capsys, args):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error: " in err.strip().splitlines()[-1]


def refusals(tmp_path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Each case's arguments and the fragments its error line must hold; only builds them, writes nothing
    (the ids are read at collection): a test that runs a case first creates tmp_path / "a-file" itself."""
    a_file = tmp_path / "a-file"
    return {
        "runs show: unknown run": (["runs", "show", "nope"], ["no run named 'nope'"]),
        "runs show: a path out of the runs folder": (["runs", "show", "../.."], ["not a run folder"]),
        "runs show: a hidden name": (["runs", "show", ".hidden"], ["is not a run name"]),
        "--resume: a path out of the runs folder": (["train", "--resume", "../.."], ["not a run folder"]),
        "--resume: a hidden name": (["train", "--resume", ".."], ["is not a run name"]),
        "--resume: unknown run": (["train", "--resume", "nope"], ["no run named 'nope'"]),
        "--resume with --no-save": (["train", "--resume", "nope", "--no-save"], ["cannot be combined with --no-save"]),
        "train without a preset": (["train"], ["give a PRESET"]),
        "sweep without [sweep]": (["sweep", "iris"], ["no [sweep] section"]),
        "tune without [tune]": (["tune", "iris", "--storage", "memory"], ["no [tune] section"]),
        "tune: no trials": (["tune", "tune-iris", "--trials", "0", "--storage", "memory"], ["--trials"]),
        "tune: unknown storage": (["tune", "tune-iris", "--storage", "nonsense"], ["--storage 'nonsense'", "a database URL"]),
        "tune: storage under a file": (["tune", "tune-iris", "--storage", str(a_file / "x.db")], ["--storage", "cannot create"]),
        "bench: no such device": (["bench", "--device", "tpu", "--skip-app"], ["training.device: unknown device 'tpu'"]),
        "train: device not here": (["train", "iris", "--device", "cuda:7"], ["cuda:7"]),
        "train: --jsonl into a missing folder": (["train", "iris", "--jsonl", str(tmp_path / "no" / "x")], ["--jsonl", "cannot write"]),
        "train: --runs-dir under a file": (["train", "iris", "--runs-dir", str(a_file / "runs")], ["runs folder", "cannot create"]),
        "sweep: --runs-dir under a file": (["sweep", "compare-optimizers", "--runs-dir", str(a_file / "runs")], ["runs folder"]),
        "tune: --runs-dir under a file": (["tune", "tune-iris", "--runs-dir", str(a_file / "runs")], ["runs folder", "cannot create"]),
    }


CASE_IDS = list(refusals(Path()))  # only the names: no file is created at collection


@pytest.mark.parametrize("case", CASE_IDS)
def test_what_the_user_can_fix_exits_2_with_one_line(tmp_path, capsys, monkeypatch, case):
    import torch

    if case == "train: device not here" and torch.cuda.device_count() > 7:
        pytest.skip("this machine has a cuda:7")
    monkeypatch.setenv("NN_TUI_RUNS_DIR", str(tmp_path / "runs"))
    (tmp_path / "a-file").write_text("", encoding="utf-8")  # the file the "under a file" cases put paths below
    args, fragments = refusals(tmp_path)[case]
    code, err = run_cli(capsys, *args)
    assert_one_clear_line(code, err, *fragments)
    assert not list(tmp_path.glob("runs/crash-*"))


def pointer_in(err: str) -> Path:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "internal error (a bug, please report it); traceback saved to " in lines[0], lines
    return Path(lines[0].rsplit(" ", 1)[-1])


def broken_command(args):
    raise RuntimeError("boom in a command")


def test_a_bug_exits_1_with_the_traceback_saved_and_one_line_pointing_at_it(tmp_path, capsys, monkeypatch):
    import tui.commands.presets as presets_command

    monkeypatch.setenv("NN_TUI_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setattr(presets_command, "run", broken_command)
    code, err = run_cli(capsys, "presets")
    assert code == 1
    saved = pointer_in(err)
    assert saved.parent == tmp_path / "runs"
    text = saved.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: boom in a command" in text and "broken_command" in text


def test_two_crashes_keep_two_reports(tmp_path, capsys, monkeypatch):
    import tui.commands.presets as presets_command

    monkeypatch.setenv("NN_TUI_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setattr(presets_command, "run", broken_command)
    first = pointer_in(run_cli(capsys, "presets")[1])
    monkeypatch.setattr("os.getpid", lambda: 4242)  # a second process crashing in the same second
    second = pointer_in(run_cli(capsys, "presets")[1])
    assert first != second and first.exists() and second.exists()


def test_the_report_falls_back_to_the_temp_folder_when_the_runs_folder_is_unwritable(tmp_path, capsys, monkeypatch):
    import tui.commands.presets as presets_command

    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    monkeypatch.setenv("NN_TUI_RUNS_DIR", str(a_file / "runs"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(presets_command, "run", broken_command)
    code, err = run_cli(capsys, "presets")
    assert code == 1
    assert pointer_in(err).parent == tmp_path / "tmp"


def test_a_bug_inside_training_exits_1_and_keeps_its_traceback_in_the_run_folder(tmp_path, capsys, monkeypatch):
    import json

    from tui.training import trainer as trainer_module

    def broken(self, epoch):
        raise RuntimeError("boom in an epoch")

    monkeypatch.setattr(trainer_module.Trainer, "_end_epoch", broken)
    code = main(["train", "iris", "--runs-dir", str(tmp_path), "--set", "training.epochs=2"])
    out = capsys.readouterr().out
    assert code == 1
    (run_dir,) = tmp_path.iterdir()
    assert "RuntimeError: boom in an epoch" in (run_dir / "error.log").read_text(encoding="utf-8")
    assert str(run_dir / "error.log") in out.replace("\n", "")
    assert json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))["reason"] == "failed"


def test_ctrl_c_outside_training_exits_130_with_one_line(capsys, monkeypatch):
    import tui.commands.presets as presets_command

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(presets_command, "run", interrupted)
    code, err = run_cli(capsys, "presets")
    assert code == 130 and err.strip() == "nn-tui: interrupted"


def test_the_report_goes_to_the_runs_folder_the_command_was_given(tmp_path, capsys, monkeypatch):
    import tui.commands.runs as runs_command

    monkeypatch.setenv("NN_TUI_RUNS_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setattr(runs_command, "run", broken_command)
    code, err = run_cli(capsys, "runs", "--runs-dir", str(tmp_path / "given"))
    assert code == 1 and pointer_in(err).parent == tmp_path / "given"


def test_a_caught_error_can_be_reported_later_with_its_own_traceback(tmp_path):
    """What the app does with a worker's exception: the traceback of that error, not of the current frame."""
    from tui.runs.crash_report import save_crash_report

    try:
        broken_command(None)
    except RuntimeError as caught:
        error = caught
    saved = Path(save_crash_report(error, tmp_path))
    text = saved.read_text(encoding="utf-8")
    assert saved.parent == tmp_path and "in broken_command" in text and "RuntimeError: boom in a command" in text


def no_space(*args, **kwargs):
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("failing", ["record", "write_summary", "save_best"])
def test_a_full_disk_during_a_run_ends_it_as_failed_not_as_a_crash(tmp_path, capsys, monkeypatch, failing):
    import tui.runs.recorder as recorder_module
    from tui.runs.folder import RunStore

    real_record, real_summary = RunStore.record, RunStore.write_summary
    monkeypatch.setattr(recorder_module, "BEST_EVERY_SECONDS", 0.0)

    def record_until_the_disk_fills(self, event):
        if event.kind == "start":
            return real_record(self, event)
        no_space()

    def final_summary_fails(self, summary):
        if summary["status"] == "running":
            return real_summary(self, summary)
        no_space()

    broken = {"record": record_until_the_disk_fills, "write_summary": final_summary_fails, "save_best": no_space}[failing]
    monkeypatch.setattr(RunStore, failing, broken)
    code = main(["train", "iris", "--runs-dir", str(tmp_path), "--set", "training.epochs=3"])
    captured = capsys.readouterr()
    assert "internal error" not in captured.err and "Traceback" not in captured.err
    assert "No space left on device" in captured.out
    assert code == (0 if failing == "write_summary" else 1)  # the summary is written after the run ended well


def test_a_run_folder_that_cannot_be_written_at_the_start_is_one_line(tmp_path, capsys, monkeypatch):
    from tui.runs.folder import RunStore

    monkeypatch.setattr(RunStore, "write_config", no_space)
    code, err = run_cli(capsys, "train", "iris", "--runs-dir", str(tmp_path))
    assert_one_clear_line(code, err, "run folder", "cannot write (No space left on device)")
