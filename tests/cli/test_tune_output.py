"""`nn-tui tune` ends by saying where the best trial's run folder and config are."""

from __future__ import annotations

from pathlib import Path

from tui.cli import main
from tui.commands.tune import best_trial_files


def test_tune_prints_the_best_trials_folder_and_config(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    args = ["tune", "tune-iris", "--trials", "2", "--storage", "memory", "--runs-dir", str(tmp_path), "--set", "training.epochs=2"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    folder = Path(next(line for line in lines if line.startswith("Its run folder: ")).removeprefix("Its run folder: "))
    assert folder.parent == tmp_path and (folder / "config.toml").is_file()
    assert any(line.startswith(f"Its config: {folder / 'config.toml'}") for line in lines)


def test_a_best_trial_from_elsewhere_or_unsaved_says_so():
    assert "another process" in best_trial_files(3, {1: "runs/a"})
    assert "--no-save" in best_trial_files(1, {1: None})
