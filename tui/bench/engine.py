"""The benchmark: the engine beside bare hand-written loops of the same model, in one process.

The lecture's 35000 × 20 example: 20-64-64-1, BCE, Adam (fused), batch 50 → 700 steps per epoch.
Contenders run alternately and the median of several measurements is reported, so drift of the
machine affects all of them alike. Throughput = optimizer steps per second of training time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tui.core.i18n import N_, _, number

if TYPE_CHECKING:  # imported when used: `nn-tui --help` stays light
    from rich.console import Console
    from rich.table import Table

    from tui.core.config import RunConfig
    from tui.data.loading import Dataset

ENGINE = N_("engine (nn-tui Trainer)")  # the contenders, named in English and shown in the reader's language
BARE_ITEM = N_("bare loop, .item() every step")
BARE_NO_SYNC = N_("bare loop, no per-step sync")

BENCH_CONFIG: dict[str, Any] = {
    "name": "bench",
    "seed": 0,
    "data": {"dataset": "high_dim", "n_samples": 43750, "n_features": 20, "val_split": 0.2},
    "model": {"hidden": [64, 64], "activation": "relu"},
    "training": {"loss": "bce", "optimizer": "adam", "lr": 0.001, "batch_size": 50, "epochs": 3},
}


# Two features, so the training screen opens with its decision-region panel (docs/DESIGN.md §Model views):
# the same 35 000 training examples, batch and step count as BENCH_CONFIG, a Playground-sized network.
REGIONS_CONFIG: dict[str, Any] = {
    "name": "bench-regions",
    "seed": 0,
    "data": {"dataset": "moons", "n_samples": 43750, "noise": 0.2, "val_split": 0.2},
    "model": {"hidden": [8, 8], "activation": "tanh"},
    "training": {"loss": "cross_entropy", "optimizer": "adam", "lr": 0.01, "batch_size": 50, "epochs": 3},
    "view": {"panel": "regions"},
}


def bench_config(epochs: int, device: str) -> RunConfig:
    from tui.core.config import validate_config

    return validate_config(_with(BENCH_CONFIG, epochs, device))


def regions_config(epochs: int, device: str) -> RunConfig:
    from tui.core.config import validate_config

    return validate_config(_with(REGIONS_CONFIG, epochs, device))


def _with(raw: dict[str, Any], epochs: int, device: str) -> dict[str, Any]:
    return {**raw, "training": {**raw["training"], "epochs": epochs, "device": device}}


def engine_run(config: RunConfig, dataset: Dataset) -> float:
    """Steps per second of the engine (training time as the engine reports it, set-up excluded)."""
    from tui.core.events import Finished, RunStarted
    from tui.core.vocabulary import COMPLETED
    from tui.training.trainer import Trainer

    finished = None
    steps = 0
    for event in Trainer(config, dataset=dataset).run():
        if isinstance(event, RunStarted):
            steps = event.total_steps
        finished = event
    assert isinstance(finished, Finished) and finished.reason == COMPLETED, finished
    return steps / finished.seconds


def bare_run(config: RunConfig, dataset: Dataset, *, per_step_item: bool) -> float:
    """A hand-written loop of the same model and data, as a person would write it.

    per_step_item=True is the common tutorial loop (`loss.item()` and the correct count read every step);
    False accumulates on the device and reads once per epoch, as the engine does.
    """
    import torch
    import torch.nn.functional as F
    from torch import nn

    from tui.core.plan import resolve_batch_size
    from tui.training.device import pick_device

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
    n = len(x)
    batch = resolve_batch_size(config.training.batch_size, n)
    steps = 0
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _epoch in range(config.training.epochs):
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


def measure(contenders: dict[str, Callable[[], float]], repeats: int) -> dict[str, list[float]]:
    """Run the contenders one after the other, `repeats` rounds; each one's figures, round by round."""
    results: dict[str, list[float]] = {name: [] for name in contenders}
    for _round in range(repeats):
        for name, fn in contenders.items():
            results[name].append(fn())
    return results


def main(args: argparse.Namespace) -> int:
    import torch
    from rich.console import Console

    from tui.core.plan import parameter_count, resolve_batch_size, steps_per_epoch
    from tui.data.catalog import dataset_shape, train_size
    from tui.training.device import pick_device, pick_threads

    console = Console(highlight=False)
    config = bench_config(args.epochs, args.device)
    device = pick_device(config.training.device)
    shape = dataset_shape(config.data, config.seed)
    n_train, widths = train_size(shape, config.data.val_split), [shape.n_features, *config.model.hidden, 1]
    threads = pick_threads("auto", parameter_count(shape.n_features, list(config.model.hidden), 1))
    where = torch.cuda.get_device_name(device) if device.type == "cuda" else _("CPU, {threads} thread(s)").format(threads=threads)
    batch = resolve_batch_size(config.training.batch_size, n_train)
    console.print(
        _("Benchmark: {examples} × {features} examples, {layers}, BCE, fused Adam, batch {batch} ({steps} steps per epoch), "
          "{epochs} epochs per measurement, {rounds} rounds; torch {version} on {where}").format(
            examples=n_train, features=shape.n_features, layers="-".join(map(str, widths)), batch=batch,
            steps=steps_per_epoch(n_train, batch), epochs=args.epochs, rounds=args.repeats, version=torch.__version__,
            where=where)
    )
    if not args.skip_engine:
        bench_engine(console, config, threads, args.repeats)
    if not args.skip_app:
        console.print(app_table(bench_app(config, args.repeats)))
        regions = regions_config(args.epochs, args.device)
        console.print(regions_table(bench_app(regions, args.repeats, runs=1)))
    if getattr(args, "csv_rows", 0) > 0:
        from tui.bench.csv_load import bench_csv_load

        bench_csv_load(console, args.csv_rows)
    return 0


def bench_engine(console: Console, config: RunConfig, threads: int, repeats: int) -> None:
    """The engine against two bare loops in this process; ratios are medians of each round's ratio (drift cancels)."""
    import torch
    from rich.table import Table

    from tui.data.loading import load_dataset

    torch.set_num_threads(threads)
    dataset = load_dataset(config.data, config.seed)
    engine_run(config, dataset)  # warm-up: first-call costs (allocator, kernels) hit no contender
    results = measure(
        {
            ENGINE: lambda: engine_run(config, dataset),
            BARE_ITEM: lambda: bare_run(config, dataset, per_step_item=True),
            BARE_NO_SYNC: lambda: bare_run(config, dataset, per_step_item=False),
        },
        repeats,
    )
    engine = results[ENGINE]
    table = Table(title=_("Training throughput (steps/s, higher is better; medians of {repeats} rounds)").format(repeats=repeats))
    table.add_column(_("contender"), no_wrap=True)
    table.add_column(_("steps/s"), justify="right")
    table.add_column(_("samples/s"), justify="right")
    table.add_column(_("engine ÷ this"), justify="right")
    for name, rates in results.items():
        ratios = [mine / theirs for mine, theirs in zip(engine, rates)]
        rate = statistics.median(rates)
        table.add_row(_(name), number(rate, ",.0f"), number(rate * 50, ",.0f"), times(statistics.median(ratios)))
    console.print(table)


def bench_app(config: RunConfig, repeats: int, runs: int = 2) -> list[tuple[float, dict[str, Any]]]:
    """The live app against headless: (headless steps/s, the app's measurement) pairs, `runs` runs in one app (tui/bench/app.py).

    Each measurement runs in a fresh process, as a user runs them. A headless and an app measurement
    taken one right after the other form a pair (in alternating order), and the ratios are the median
    of the pairs' ratios: on a shared machine the speed drifts by tens of percent within a minute, and
    a pair sees nearly the same machine, where medians taken over the whole run would not.
    """
    import json
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    import tomli_w

    from tui.core.config import config_to_dict

    with tempfile.TemporaryDirectory() as folder:
        preset = Path(folder) / "bench.toml"
        preset.write_text(tomli_w.dumps(config_to_dict(config)), encoding="utf-8")
        headless_cmd = [sys.executable, "-m", "tui", "train", str(preset), "--jsonl", "-", "--no-save", "--quiet"]
        app_cmd = [sys.executable, "-m", "tui.bench.app", str(preset), str(runs)]

        def headless() -> float:
            lines = [json.loads(line) for line in _output(subprocess, headless_cmd).splitlines() if line.startswith("{")]
            return lines[-1]["metrics"]["global_step"] / lines[-1]["seconds"]

        def app() -> dict[str, Any]:
            return json.loads(_output(subprocess, app_cmd).splitlines()[-1])

        pairs = []
        for i in range(max(1, repeats)):
            if i % 2 == 0:
                rate = headless()
                result = app()
            else:
                result = app()
                rate = headless()
            pairs.append((rate, result))
    return pairs


def _output(subprocess: ModuleType, command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def app_table(pairs: list[tuple[float, dict[str, Any]]]) -> Table:
    """One row per figure: the median over the pairs (headless steps/s, app measurement), and the range."""
    from rich.table import Table

    table = Table(title=_("Live app vs headless (same config; ratios: median and range of {pairs} back-to-back pairs)").format(
        pairs=len(pairs)))
    add_ratio_columns(table)
    rates = [rate for rate, _result in pairs]
    table.add_row(_("headless engine"), number(statistics.median(rates), ",.0f"), times(1.0), rate_range(rates))
    for run in range(len(pairs[0][1]["steps_per_second"])):
        ratios = [result["steps_per_second"][run] / rate for rate, result in pairs]
        table.add_row(_("app, run {number} in the same app").format(number=run + 1),
                      number(statistics.median(r["steps_per_second"][run] for _rate, r in pairs), ",.0f"),
                      times(statistics.median(ratios)), f"{times(min(ratios))} – {times(max(ratios))}")
    worst = max(result["key_latency_p95_ms"] for _rate, result in pairs)
    table.add_row(_("key press answered, p95 ms (worst)"), number(worst, ".1f"), "", "")
    return table


def add_ratio_columns(table: Table) -> None:
    """The app tables' columns: what is measured, its steps per second, its ratio to headless and the ratio's range."""
    table.add_column(_("measurement"), no_wrap=True)
    table.add_column(_("steps/s"), justify="right")
    table.add_column(_("÷ headless"), justify="right")
    table.add_column(_("range"), justify="right")


def times(ratio: float) -> str:
    """A ratio as "1.00×" ("1,00×" in Spanish)."""
    return f"{number(ratio, '.2f')}×"


def rate_range(rates: list[float]) -> str:
    return f"{number(min(rates), ',.0f')} – {number(max(rates), ',.0f')}"


def regions_table(pairs: list[tuple[float, dict[str, Any]]]) -> Table:
    """The app with its decision-region panel open (two features) against headless, which paints nothing."""
    from rich.table import Table

    table = Table(title=_("Live app with the decision-region panel open vs headless (moons, 35 000 × 2, 2-8-8-2; "
                          "{pairs} back-to-back pairs)").format(pairs=len(pairs)))
    add_ratio_columns(table)
    rates = [rate for rate, _result in pairs]
    table.add_row(_("headless engine (no pictures)"), number(statistics.median(rates), ",.0f"), times(1.0), rate_range(rates))
    ratios = [result["steps_per_second"][0] / rate for rate, result in pairs]
    opened = all(result.get("model_panel_open") for _rate, result in pairs)
    table.add_row(_("app, decision regions drawn") if opened else _("app (the panel did not open)"),
                  number(statistics.median(r["steps_per_second"][0] for _rate, r in pairs), ",.0f"),
                  times(statistics.median(ratios)), f"{times(min(ratios))} – {times(max(ratios))}")
    return table
