"""The benchmark: the engine beside bare hand-written loops of the same model, in one process.

The lecture's 35000 × 20 example: 20-64-64-1, BCE, Adam (fused), batch 50 → 700 steps per epoch.
Contenders run alternately and the median of several measurements is reported, so drift of the
machine affects all of them alike. Throughput = optimizer steps per second of training time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable

BENCH_CONFIG = {
    "name": "bench",
    "seed": 0,
    "data": {"dataset": "high_dim", "n_samples": 43750, "n_features": 20, "val_split": 0.2},
    "model": {"hidden": [64, 64], "activation": "relu"},
    "training": {"loss": "bce", "optimizer": "adam", "lr": 0.001, "batch_size": 50, "epochs": 3},
}


def bench_config(epochs: int, device: str):
    from tui.engine.config import validate_config

    raw = {**BENCH_CONFIG, "training": {**BENCH_CONFIG["training"], "epochs": epochs, "device": device}}
    return validate_config(raw)


def engine_run(config, dataset) -> float:
    """Steps per second of the engine (training time as the engine reports it, set-up excluded)."""
    from tui.engine.trainer import Trainer

    finished = None
    steps = 0
    for event in Trainer(config, dataset=dataset).run():
        if event.kind == "start":
            steps = event.total_steps
        finished = event
    assert finished is not None and finished.reason == "completed", finished
    return steps / finished.seconds


def bare_run(config, dataset, *, per_step_item: bool) -> float:
    """A hand-written loop of the same model and data, as a person would write it.

    per_step_item=True is the common tutorial loop (`loss.item()` and the correct count read every step);
    False accumulates on the device and reads once per epoch, as the engine does.
    """
    import torch
    import torch.nn.functional as F
    from torch import nn

    from tui.engine.trainer import pick_device

    device = pick_device(config.training.device)
    torch.manual_seed(config.seed)
    hidden = config.model.hidden
    model = nn.Sequential(
        nn.Linear(dataset.n_features, hidden[0]), nn.ReLU(), nn.Linear(hidden[0], hidden[1]), nn.ReLU(), nn.Linear(hidden[1], 1)
    ).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.training.lr, fused=True)
    x = torch.as_tensor(dataset.x_train, device=device)
    y = torch.as_tensor(dataset.y_train, device=device).float()
    x_val = torch.as_tensor(dataset.x_val, device=device)
    y_val = torch.as_tensor(dataset.y_val, device=device).float()
    n, batch = len(x), config.training.batch_size
    steps = 0
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(config.training.epochs):
        perm = torch.randperm(n).to(device)
        loss_sum, correct = 0.0, 0
        loss_acc = torch.zeros((), device=device)
        for i in range(0, n, batch):
            idx = perm[i : i + batch]
            xb, yb = x[idx], y[idx]
            out = model(xb).squeeze(1)
            loss = F.binary_cross_entropy_with_logits(out, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            steps += 1
            if per_step_item:
                loss_sum += loss.item() * len(idx)
                correct += ((out > 0).float() == yb).sum().item()
            else:
                loss_acc += loss.detach() * len(idx)
        with torch.no_grad():
            val_out = model(x_val).squeeze(1)
            val_loss = float(F.binary_cross_entropy_with_logits(val_out, y_val))
            val_acc = float(((val_out > 0).float() == y_val).float().mean())
        _ = (loss_sum, correct, float(loss_acc), val_loss, val_acc)
    if device.type == "cuda":
        torch.cuda.synchronize()
    return steps / (time.perf_counter() - start)


def measure(contenders: dict[str, Callable[[], float]], repeats: int) -> dict[str, float]:
    """Run the contenders alternately `repeats` times; the median of each."""
    results: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            results[name].append(fn())
    return {name: statistics.median(values) for name, values in results.items()}


def main(args: argparse.Namespace) -> int:
    import torch
    from rich.console import Console
    from rich.table import Table

    from tui.engine.data import load_dataset
    from tui.engine.trainer import pick_device, pick_threads

    console = Console(highlight=False)
    config = bench_config(args.epochs, args.device)
    device = pick_device(config.training.device)
    dataset = load_dataset(config.data, config.seed)
    threads = pick_threads("auto", 20 * 64 + 64 + 64 * 64 + 64 + 65)
    torch.set_num_threads(threads)
    where = torch.cuda.get_device_name(device) if device.type == "cuda" else f"CPU, {threads} thread(s)"
    console.print(
        f"Benchmark: {len(dataset.x_train)} × {dataset.n_features} examples, 20-64-64-1, BCE, fused Adam, batch 50 "
        f"(700 steps per epoch), {args.epochs} epochs per measurement, median of {args.repeats}; torch {torch.__version__} on {where}"
    )
    engine_run(config, dataset)  # warm-up: first-call costs (allocator, kernels) hit no contender
    medians = measure(
        {
            "engine (nn-tui Trainer)": lambda: engine_run(config, dataset),
            "bare loop, .item() every step": lambda: bare_run(config, dataset, per_step_item=True),
            "bare loop, no per-step sync": lambda: bare_run(config, dataset, per_step_item=False),
        },
        args.repeats,
    )
    engine = medians["engine (nn-tui Trainer)"]
    table = Table(title="Training throughput (steps/s, higher is better)")
    table.add_column("contender")
    table.add_column("steps/s", justify="right")
    table.add_column("samples/s", justify="right")
    table.add_column("engine ÷ this", justify="right")
    for name, rate in medians.items():
        table.add_row(name, f"{rate:,.0f}", f"{rate * 50:,.0f}", f"{engine / rate:.2f}×")
    console.print(table)
    if not args.skip_app:
        bench_app(console, config, args)
    return 0


def bench_app(console, config, args: argparse.Namespace) -> None:
    """The live app against headless, first and second run in one running app (tui/app_bench.py).

    Each measurement runs in a fresh process, as a user runs them: torch work on one thread leaves
    OpenMP pools that slow torch on another thread (DESIGN.md), so sharing a process with the other
    contender would bias both. Headless and app processes alternate, so the machine's load hits both alike.
    """
    import json
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    import tomli_w

    from tui.engine.config import config_to_dict

    with tempfile.TemporaryDirectory() as folder:
        preset = Path(folder) / "bench.toml"
        preset.write_text(tomli_w.dumps(config_to_dict(config)), encoding="utf-8")
        headless_cmd = [sys.executable, "-m", "tui", "train", str(preset), "--jsonl", "-", "--no-save", "--quiet"]
        app_cmd = [sys.executable, "-m", "tui.app_bench", str(preset)]
        headless, first, second, latencies = [], [], [], []
        for _ in range(max(1, args.repeats)):
            lines = [json.loads(line) for line in _output(subprocess, headless_cmd).splitlines() if line.startswith("{")]
            end = lines[-1]
            headless.append(end["metrics"]["global_step"] / end["seconds"])
            result = json.loads(_output(subprocess, app_cmd).splitlines()[-1])
            first.append(result["steps_per_second"][0])
            second.append(result["steps_per_second"][1])
            latencies.append(result["key_latency_p95_ms"])
    summary = {"steps_per_second": [statistics.median(first), statistics.median(second)], "key_latency_p95_ms": max(latencies)}
    console.print(app_table(summary, statistics.median(headless)))


def _output(subprocess, command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def app_table(result: dict, headless: float):
    from rich.table import Table

    table = Table(title="Live app vs headless (same config, steps/s)")
    table.add_column("measurement")
    table.add_column("value", justify="right")
    table.add_column("÷ headless", justify="right")
    table.add_row("headless engine", f"{headless:,.0f}", "1.00×")
    for i, rate in enumerate(result.get("steps_per_second", []), start=1):
        table.add_row(f"app, run {i} in the same app", f"{rate:,.0f}", f"{rate / headless:.2f}×")
    if "key_latency_p95_ms" in result:
        table.add_row("key press answered, p95 (ms, worst measurement)", f"{result['key_latency_p95_ms']:.1f}", "")
    return table
