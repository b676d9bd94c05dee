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
from tui.commands.words import runs as runs_text
from tui.core.i18n import N_, _, number
from tui.core.vocabulary import FAILED, TRAIN_LOSS, VAL_ACCURACY, VAL_LOSS, VAL_MAE
from tui.text.status_words import status_word

if TYPE_CHECKING:  # imported when used: `nn-tui --help` stays light
    from rich.table import Table

    from tui.core.config import RunConfig
    from tui.core.events import Event, Finished
    from tui.core.sweep_spec import SweepRun


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sweep", help=_("run a preset's [sweep]: one run per value, same seed, data and initial weights"))
    parser.add_argument("preset", metavar="PRESET", help=_("a preset with a [sweep] section, e.g. compare-optimizers"))
    add_config_arguments(parser)
    add_sweep_arguments(parser)


def add_sweep_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jsonl", metavar="PATH", help=_("write one JSON object per event to PATH ('-' = stdout), with sweep_value"))
    parser.add_argument("--no-save", action="store_true", help=_("write no run folders"))
    parser.add_argument("--quiet", action="store_true", help=_("no human-readable output"))
    parser.add_argument("--log", action="store_true", help=_("print every run's full epoch log, not one line per run"))


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
        plan = _("{runs} over {key} = {values} (seed {seed}: same data split, same initial weights)").format(
            runs=runs_text(len(runs)), key=key, values=", ".join(r.label for r in runs), seed=config.seed)
        console.print(Text.assemble((config.name, "bold"), f": {plan}"))
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
                console.rule(_("run {number}/{total}: {key} = {value}").format(
                    number=index + 1, total=len(runs), key=key, value=sweep_run.label))
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

    monitor = next((f.monitor for _, f in results if f.monitor), "best")
    folders = sorted({str(Path(f.run_dir).parent) for _, f in results if f.run_dir})
    regression = any((f.metrics or {}).get(VAL_MAE) is not None for _, f in results)
    table = Table(title=_("Sweep over {key} (best: {monitor}; losses: last epoch)").format(key=key, monitor=monitor), expand=False,
                  box=box.SIMPLE_HEAD, pad_edge=False,
                  caption=_("runs saved in {folder}").format(folder=folders[0]) if len(folders) == 1 else None)
    metrics = ("train", "val", "val mae" if regression else "val acc", "s")  # not translated: short metric names, as train_loss
    headings = {column: _(column) for column in (N_("value"), N_("end"), N_("epochs"), N_("best"))} | {m: m for m in metrics}
    for column, heading in headings.items():
        table.add_column(heading, justify="left" if column in ("value", "end") else "right", no_wrap=True)
    for label, finished in results:
        last = finished.metrics or {}
        accuracy, mae = last.get(VAL_ACCURACY), last.get(VAL_MAE)
        best = "-" if finished.best is None else f"{number(finished.best, '.4f')} @{finished.best_epoch}"
        table.add_row(
            label, status_word(finished.reason), str(finished.epochs), best,
            metric(last.get(TRAIN_LOSS)), metric(last.get(VAL_LOSS)),
            number(accuracy, ".1%") if accuracy is not None else metric(mae),
            number(finished.seconds, ".1f"),
        )
    return table


def metric(value: float | None) -> str:
    """A loss or an error with four decimals; "-" when the run has none."""
    return "-" if value is None else number(value, ".4f")
