"""The command line: help without torch, version, exit codes, the JSON-lines interface."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tui import __version__


def nn_tui(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}
    )


def test_engine_never_imports_textual():
    code = (
        "import tui.training.trainer, tui.core.config, tui.data.loading, tui.headless.drive, tui.headless.view, "
        "tui.worker.child, sys; assert 'textual' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_help_does_not_import_torch():
    code = (
        "import sys\nfrom tui.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "assert 'torch' not in sys.modules, 'torch imported by --help'\n"
        "assert 'textual' not in sys.modules, 'textual imported by --help'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "usage: nn-tui" in result.stdout


def test_version():
    result = nn_tui("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"nn-tui {__version__}"


@pytest.mark.parametrize(
    "args, message",
    [
        (["train", "no-such-preset"], "no preset named 'no-such-preset'"),
        (["train", "iris", "--set", "training.lr=-1"], "training.lr: Input should be greater than 0"),
        (["train", "iris", "--set", "training.lr"], "expected KEY=VALUE"),
        (["train", "iris", "--set", "training.batch_size=true"], "training.batch_size"),
        (["train", "iris", "--set", "model.hiden=[4]"], "did you mean 'hidden'"),
        (["train", "../etc/passwd"], "no such preset file"),
        (["train", "iris", "--bogus"], "unrecognized arguments"),
    ],
)
def test_usage_and_config_errors_exit_2_with_one_clear_line(args, message):
    result = nn_tui(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_train_writes_documented_json_lines(tmp_path):
    result = nn_tui("train", "iris", "--set", "training.epochs=3", "--set", "early_stopping.patience=2", "--jsonl", "-",
                    "--runs-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    start = lines[0]
    assert start["event"] == "start"
    assert {"train_size", "val_size", "batch_size", "steps_per_epoch", "total_steps", "gd_kind", "parameters", "device"} <= set(start)
    assert (start["train_size"], start["steps_per_epoch"], start["gd_kind"]) == (120, 1, "batch")
    epochs = [line for line in lines if line["event"] == "epoch"]
    assert [e["epoch"] for e in epochs] == [0, 1, 2, 3]  # epoch 0: the untrained model, before the first update
    assert epochs[0]["global_step"] == 0 and 1.0 < epochs[0]["train_loss"] < 1.25  # three classes: about ln 3 = 1.10
    assert not [line for line in lines if line["event"] == "steps"]  # the step batches only when asked for
    assert {"global_step", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "val_f1", "val_mae", "seconds"} <= set(epochs[0])
    assert epochs[0]["val_mae"] is None and 0 <= epochs[0]["val_accuracy"] <= 1
    # Iris holds out 30 examples: each validation accuracy is a whole number of them (a training one is of 120).
    assert all(abs(e["val_accuracy"] * 30 - round(e["val_accuracy"] * 30)) < 1e-4 for e in epochs)
    improved = next(line for line in lines if line["event"] == "improved")
    assert improved["previous"] is None and improved["monitor"] == "val_loss" and improved["path"].endswith("best.safetensors")
    end = lines[-1]
    assert end["event"] == "end" and end["reason"] == "completed" and end["epochs"] == 3
    assert end["run_dir"].startswith(str(tmp_path))


def test_views_steps_adds_the_training_loss_of_single_steps(tmp_path):
    result = nn_tui("train", "iris", "--set", "training.epochs=2", "--set", "training.batch_size=8", "--views", "steps",
                    "--jsonl", "-", "--no-save", "--quiet")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    steps = [step for line in lines if line["event"] == "steps" for step in line["steps"]]
    assert steps == list(range(1, 31))  # 2 epochs of 120 / 8 = 15 steps: each one, in order, none twice
    losses = [loss for line in lines if line["event"] == "steps" for loss in line["losses"]]
    assert all(0 < loss < 5 for loss in losses)


def test_plain_lines_when_not_a_terminal(tmp_path):
    result = nn_tui("train", "iris", "--set", "training.epochs=2", "--runs-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "epoch 1/2 train_loss=" in result.stdout
    assert "Validation loss decreased (inf --> " in result.stdout
    assert "━" not in result.stdout  # no progress bar in a log file


def test_worked_example_headless_shows_the_lectures_numbers():
    result = nn_tui("train", "worked-example", "--no-save", "--set", "training.epochs=1")
    assert result.returncode == 0, result.stderr
    assert "1.85" in result.stdout and "1.48" in result.stdout and "1.481" in result.stdout
    assert "0.1156805" in result.stdout
    # The update rule as printed, and one gradient beside its updated weight: 1 - 0.05 × 0.481 = 0.97595.
    assert "update: w = w - 0.05 x d loss/d w" in result.stdout
    assert "d loss/d output.bias: [0.4809999]  ->  [0.97595]" in result.stdout


@pytest.mark.timeout(300)  # a benchmark: several timed runs
def test_bench_prints_the_engine_beside_bare_loops():
    result = nn_tui("bench", "--epochs", "1", "--repeats", "1", "--skip-app")
    assert result.returncode == 0, result.stderr
    for row in ("engine (nn-tui Trainer)", "bare loop, .item() every step", "bare loop, no per-step sync"):
        assert row in result.stdout
    assert "700 steps per epoch" in " ".join(result.stdout.split())


@pytest.mark.timeout(600)  # a benchmark: the live app and headless runs, in pairs, then with the regions panel
def test_bench_pairs_the_live_app_with_headless_runs():
    result = nn_tui("bench", "--epochs", "1", "--repeats", "1", "--skip-engine")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "engine (nn-tui Trainer)" not in out
    for row in ("headless engine", "app, run 1 in the same app", "app, run 2 in the same app", "key press answered, p95 ms"):
        assert row in out
    assert "decision-region panel open" in out and "app, decision regions drawn" in out


def test_bench_times_loading_a_large_csv_when_asked():
    from rich.console import Console

    from tui.bench.csv_load import bench_csv_load

    console = Console(record=True, width=200)
    bench_csv_load(console, rows=5000)
    line = console.export_text()
    assert line.startswith("CSV load: 5,000 × 20 (") and "4,000 + 1,000 examples in" in line and "s of CPU)" in line


def test_the_app_table_takes_the_median_of_each_pairs_ratio():
    from rich.console import Console

    from tui.bench.engine import app_table

    # The machine doubled its speed between pairs: each pair's ratio is what counts, not the medians' ratio.
    pairs = [(1000.0, {"steps_per_second": [950.0, 900.0], "key_latency_p95_ms": 3.0}),
             (2000.0, {"steps_per_second": [2000.0, 1900.0], "key_latency_p95_ms": 7.5}),
             (2000.0, {"steps_per_second": [1960.0, 2100.0], "key_latency_p95_ms": 4.0})]
    console = Console(width=200, record=True)
    console.print(app_table(pairs))
    text = console.export_text()
    assert "0.98×" in text and "0.95× – 1.00×" in text  # run 1: ratios 0.95, 1.00, 0.98
    assert "1.05×" not in text.split("run 2")[0]
    assert "0.95×" in text.split("run 2")[1] and "0.90× – 1.05×" in text  # run 2: 0.90, 0.95, 1.05
    assert "7.5" in text


def test_the_regions_table_says_whether_the_panel_was_open_and_takes_each_pairs_ratio():
    from rich.console import Console

    from tui.bench.engine import regions_table

    pairs = [(1000.0, {"steps_per_second": [950.0], "model_panel_open": True}),
             (2000.0, {"steps_per_second": [2100.0], "model_panel_open": True})]
    console = Console(width=200, record=True)
    console.print(regions_table(pairs))
    text = console.export_text()
    assert "app, decision regions drawn" in text and "1.00×" in text and "0.95× – 1.05×" in text
    pairs[1][1]["model_panel_open"] = False
    console.print(regions_table(pairs))
    assert "the panel did not open" in console.export_text()
