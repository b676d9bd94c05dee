"""`nn-tui sweep PRESET`: race one run per value of the preset's [sweep] key, then a table of results.

`nn-tui train PRESET` does the same when the preset has a [sweep] section.
"""

from __future__ import annotations

import argparse
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.common import add_config_arguments, load_run_config, runs_dir
from tui.core.vocabulary import FAILED, TRAIN_LOSS, VAL_ACCURACY, VAL_LOSS, VAL_MAE
from tui.text.counts import counted

if TYPE_CHECKING:  # imported when used: `nn-tui --help` stays light
    from rich.table import Table

    from tui.core.config import RunConfig
    from tui.core.events import Event, Finished
    from tui.core.sweep_spec import SweepRun


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sweep", help="run a preset's [sweep]: one run per value, same seed, data and initial weights")
    parser.add_argument("preset", metavar="PRESET", help="a preset with a [sweep] section, e.g. compare-optimizers")
    add_config_arguments(parser)
    add_sweep_arguments(parser)


def add_sweep_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jsonl", metavar="PATH", help="write one JSON object per event to PATH ('-' = stdout), with sweep_value")
    parser.add_argument("--no-save", action="store_true", help="write no run folders")
    parser.add_argument("--quiet", action="store_true", help="no human-readable output")
    parser.add_argument("--log", action="store_true", help="print every run's full epoch log, not one line per run")


def run(args: argparse.Namespace) -> int:
    config = load_run_config(args.preset, args)
    return run_sweep_headless(config, args)


def run_sweep_headless(config: RunConfig, args: argparse.Namespace) -> int:
    from rich.text import Text

    from tui.core.events import Finished, RunStarted
    from tui.core.jsonl import event_line
    from tui.core.sweep_spec import sweep_key, sweep_runs
    from tui.experiments.sweep import run_sweep
    from tui.headless.drive import drive
    from tui.headless.output import close_jsonl, keep_running_on_broken_pipe, open_jsonl, text_console
    from tui.headless.view import HeadlessView
    from tui.text.notices import notice_text

    runs = sweep_runs(config)
    key = sweep_key(config)
    jsonl = open_jsonl(getattr(args, "jsonl", None))
    console = text_console(stderr=getattr(args, "jsonl", None) == "-")
    keep_running_on_broken_pipe(console)
    human = not getattr(args, "quiet", False)
    if human:
        console.print(Text.assemble((config.name, "bold"), f": {counted(len(runs), 'run')} over {key} = {', '.join(r.label for r in runs)} "
                                    f"(seed {config.seed}: same data split, same initial weights)"))
    stop = threading.Event()
    results: list[tuple[str, Finished]] = []
    view = None

    def keep(item: tuple[int, SweepRun, Event]) -> None:  # every run's end, shown or not: the exit code counts them all
        _index, sweep_run, event = item
        if isinstance(event, Finished):
            results.append((sweep_run.label, event))

    def show(item: tuple[int, SweepRun, Event]) -> None:
        nonlocal view
        index, sweep_run, event = item
        if isinstance(event, RunStarted):
            view = HeadlessView(console, human=human and args.log, trace=False)
            if human:
                console.rule(f"run {index + 1}/{len(runs)}: {key} = {sweep_run.label}")
        if jsonl is not None and event.kind != "progress":
            line = json.loads(event_line(event))
            jsonl.write(json.dumps({"sweep_key": key, "sweep_value": sweep_run.value, **line}) + "\n")
            jsonl.flush()
        if view is not None:
            view(event)
        if isinstance(event, Finished) and human and not args.log:
            console.print(notice_text(event) or event.reason)

    try:
        output_lost = drive(run_sweep(config, None if args.no_save else runs_dir(args), stop), show, stop, keep)
    finally:
        close_jsonl(jsonl)
    if human and not output_lost:
        console.print(results_table(key, results))
    return 1 if any(f.reason == FAILED for _, f in results) else 0


def results_table(key: str, results: list[tuple[str, Finished]]) -> Table:
    """One row per run: how it ended, its best and last metrics (narrow enough for 80 columns)."""
    from rich import box
    from rich.table import Table

    from tui.text.notices import number

    monitor = next((f.monitor for _, f in results if f.monitor), "best")
    folders = sorted({str(Path(f.run_dir).parent) for _, f in results if f.run_dir})
    regression = any((f.metrics or {}).get(VAL_MAE) is not None for _, f in results)
    table = Table(title=f"Sweep over {key} (best: {monitor}; losses: last epoch)", expand=False, box=box.SIMPLE_HEAD, pad_edge=False,
                  caption=f"runs saved in {folders[0]}" if len(folders) == 1 else None)
    for column in ("value", "end", "epochs", "best", "train", "val", "val mae" if regression else "val acc", "s"):
        table.add_column(column, justify="left" if column in ("value", "end") else "right", no_wrap=True)
    for label, finished in results:
        last = finished.metrics or {}
        accuracy, mae = last.get(VAL_ACCURACY), last.get(VAL_MAE)
        best = "-" if finished.best is None else f"{finished.best:.4f} @{finished.best_epoch}"
        table.add_row(
            label, finished.reason, str(finished.epochs), best,
            number(last.get(TRAIN_LOSS)), number(last.get(VAL_LOSS)),
            f"{accuracy:.1%}" if accuracy is not None else number(mae),
            f"{finished.seconds:.1f}",
        )
    return table
