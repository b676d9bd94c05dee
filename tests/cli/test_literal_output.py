"""What the command line prints is one line per record when piped, and every name, path and description literally.

Rich reads "[...]" as markup and hard-wraps at 80 columns off a terminal; both broke logs and presets.
"""

from __future__ import annotations

from tui.cli import main

BRACKETS = "[bold]runs[/bold]"  # a folder name Rich would read as markup and print as "runs"


def test_piped_training_output_is_one_line_per_record(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")  # a narrow pipe: every record below is longer
    assert main(["train", "worked-example", "--no-save", "--set", "training.epochs=2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    epochs = [line for line in lines if line.startswith("epoch ")]
    assert len(epochs) == 3 and all("seconds=" in line for line in epochs), lines  # epoch 0, before any step, then 2
    gradient = next(line for line in lines if "d loss/d hidden1.weight" in line)
    assert gradient.endswith("]]") and "->" in gradient  # the matrix before and after the step on one line
    assert any(line.startswith("worked-example: ") and line.endswith("thread") for line in lines), lines


def test_presets_full_shows_the_bce_formula(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # one table row per preset: the formula is not split across cells
    assert main(["presets", "--full"]) == 0
    assert "the loss is -[y log p + (1 - y) log(1 - p)], the lecture's formula" in capsys.readouterr().out


def test_runs_folder_paths_are_printed_literally(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    root = tmp_path / BRACKETS
    assert main(["train", "iris", "--set", "training.epochs=1", "--runs-dir", str(root)]) == 0
    assert f"Run saved in {root}" in capsys.readouterr().out  # the summary line names the folder as it is
    assert main(["runs", "--runs-dir", str(root)]) == 0
    assert f"Runs in {root}" in capsys.readouterr().out
    assert main(["runs", "show", "latest", "--runs-dir", str(root)]) == 0
    shown = capsys.readouterr().out
    assert str(root) in shown and "iris" in shown
    empty = tmp_path / "[red]none"
    assert main(["runs", "--runs-dir", str(empty)]) == 0
    assert f"No runs in {empty} yet" in capsys.readouterr().out


def test_runs_show_gives_accuracies_in_percent(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    assert main(["train", "iris", "--set", "training.epochs=2", "--runs-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["runs", "show", "latest", "--runs-dir", str(tmp_path)]) == 0
    accuracy = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("val_accuracy"))
    assert accuracy.count("%") == 4, accuracy  # first, min, max, last: as the epoch log shows them


def test_sweep_header_values_and_folder_are_printed_literally(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    root = tmp_path / BRACKETS
    code = main(["sweep", "compare-optimizers", "--set", "training.epochs=1", "--set", "sweep={'training.lr' = [0.01, 0.1]}",
                 "--runs-dir", str(root)])
    assert code == 0
    out = capsys.readouterr().out
    assert f"runs saved in {root}" in out and "2 runs over training.lr = 0.01, 0.1" in out


def test_the_narrow_runs_list_prints_paths_literally(capsys, tmp_path, monkeypatch):
    from rich.console import Console

    from tui.commands.runs import list_lines
    from tui.runs.listing import list_runs

    root = tmp_path / BRACKETS
    assert main(["train", "iris", "--set", "training.epochs=1", "--runs-dir", str(root)]) == 0
    console = Console(record=True, width=200, force_terminal=True)  # the two-lines-per-run form of narrow terminals
    list_lines(console, root, list_runs(root))
    text = console.export_text()
    assert f"Runs in {root}" in text and "1 epoch" in text and "1 epochs" not in text
