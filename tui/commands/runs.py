"""`nn-tui runs` lists saved runs; `nn-tui runs show RUN` prints one with its curves."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: `nn-tui --help` stays light
    from rich.console import Console
    from rich.text import Text

    from tui.runs.listing import RunInfo

from tui.core.vocabulary import (
    COMPLETED,
    DAMAGED,
    DIVERGED,
    EARLY_STOP,
    FAILED,
    INTERRUPTED,
    RUNNING,
    STOPPED,
    TRAIN_ACCURACY,
    TRAIN_LOSS,
    TRAIN_MAE,
    VAL_ACCURACY,
    VAL_LOSS,
    VAL_MAE,
)
from tui.text.counts import counted

WIDE_TABLE = 130  # columns needed for the one-line-per-run table
SPARK = "▁▂▃▄▅▆▇█"
STATUS_STYLE = {
    COMPLETED: "green", EARLY_STOP: "green", RUNNING: "cyan", STOPPED: "yellow",
    INTERRUPTED: "yellow", DIVERGED: "red", FAILED: "red", DAMAGED: "red",
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("runs", help="list saved runs, or show one (`nn-tui runs show RUN`)")
    parser.add_argument("--runs-dir", type=Path, help="where run folders are (default ./runs or $NN_TUI_RUNS_DIR)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser("list", help="a table of every run (the default)")
    show = actions.add_parser("show", help="one run: its config, outcome and curves")
    show.add_argument("run", metavar="RUN", help="a run folder's name, a run name (its newest folder), 'latest' or a path")
    for sub in (listing, show):  # accepted after the action too; argparse would let the sub-parser's default win
        sub.add_argument("--runs-dir", type=Path, dest="action_runs_dir", help="where run folders are")


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import runs_dir
    from tui.headless.output import text_console

    args.runs_dir = getattr(args, "action_runs_dir", None) or args.runs_dir
    console = text_console()
    if not console.is_terminal:  # a pipe or a log file has no screen width to fit: do not squeeze the table
        console = text_console(width=200)
    if args.action == "show":
        return show_run(console, args.run, runs_dir(args))
    return list_table(console, runs_dir(args))


def list_table(console: Console, root: Path) -> int:
    from rich import box
    from rich.table import Table

    from tui.runs.listing import list_runs

    runs = list_runs(root)
    if not runs:
        console.print(f"No runs in {root} yet. Train one with `nn-tui train PRESET`.")
        return 0
    if console.width < WIDE_TABLE:
        return list_lines(console, root, runs)
    table = Table(title=f"Runs in {root}", expand=False, box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("run", "date", "dataset", "model", "optimizer", "lr", "batch", "epochs", "end", "best"):
        table.add_column(column, no_wrap=True, justify="right" if column in ("lr", "epochs") else "left")
    for info in runs:
        table.add_row(
            info.name, info.started[:16], info.dataset, info.model, info.optimizer, lr_text(info), info.batch,
            str(info.epochs), status_text(info), best_text(info),
        )
    console.print(table)
    return 0


def list_lines(console: Console, root: Path, runs: list[RunInfo]) -> int:
    """Two lines per run for narrow screens, where ten columns cannot fit."""
    from rich.text import Text

    console.print(Text(f"Runs in {root}", style="bold"))
    for info in runs:
        console.print(Text.assemble((info.name, "bold"), "  ", status_text(info), f"  {best_text(info)}"))
        console.print(f"  {info.started[:16]} · {info.dataset} · {info.model} · {info.optimizer} lr {lr_text(info)} · "
                      f"batch {info.batch} · {counted(info.epochs, 'epoch')}" + (f" · {info.note}" if info.note else ""))
    return 0


def status_text(info: RunInfo) -> Text:
    from rich.text import Text

    text = info.status if info.pid is None else f"{info.status} (process {info.pid})"  # `nn-tui attach` shows it
    return Text(text, style=STATUS_STYLE.get(info.status, ""))


def lr_text(info: RunInfo) -> str:
    return "?" if info.lr is None else f"{info.lr:g}"


def best_text(info: RunInfo) -> str:
    if info.best is None:
        return "-"
    return f"{info.monitor} {metric_text(info.monitor, info.best)}" + (f" @{info.best_epoch}" if info.best_epoch is not None else "")


def metric_text(name: str | None, value: float) -> str:
    """Accuracies in percent, as the epoch log and the app show them; other metrics with four decimals."""
    return f"{value * 100:.2f}%" if name in (TRAIN_ACCURACY, VAL_ACCURACY) else f"{value:.4f}"


def show_run(console: Console, spec: str, root: Path) -> int:

    from tui.runs.file_limits import read_summary
    from tui.runs.listing import read_curves, read_run, resolve_run

    path = resolve_run(spec, root)
    info = read_run(path)
    from rich.text import Text

    console.print(Text.assemble((info.name, "bold"), f"  {path}"))
    console.print(f"started {info.started} · {status_text(info)}" + (f" ({info.note})" if info.note else "")
                  + (f" · `nn-tui attach {info.name}` watches it" if info.pid is not None else ""))
    console.print(f"{info.dataset} · model {info.model} · {info.optimizer} lr {lr_text(info)} · batch {info.batch} · "
                  f"{counted(info.epochs, 'epoch')}")
    console.print(f"best: {best_text(info)}")
    try:
        summary = read_summary(path)
    except (OSError, ValueError, RecursionError):
        summary = {}
    if not isinstance(summary, dict) or info.status == DAMAGED:  # a damaged folder's fields cannot be trusted
        summary = {}
    if summary.get("message"):
        console.print(summary["message"])
    if summary.get("seconds") is not None:
        versions = ", ".join(f"{k} {v}" for k, v in (summary.get("versions") or {}).items())
        console.print(
            f"{summary['seconds']:.1f} s on {summary.get('device', '?')} · data {summary.get('data_fingerprint', '?')} · {versions}"
        )
    curves = read_curves(path)
    epochs = curves.get("epoch") or []
    if not epochs:
        console.print("No epochs recorded.")
        return 0
    console.print(f"curves over epochs {int(epochs[0] or 0)}–{int(epochs[-1] or 0)}:")
    for name in (TRAIN_LOSS, VAL_LOSS, TRAIN_ACCURACY, VAL_ACCURACY, TRAIN_MAE, VAL_MAE):
        values = curves.get(name) or []
        present = [v for v in values if v is not None]
        if present:
            console.print(f"  {name:<14} {sparkline(values)}  first {metric_text(name, present[0])} · "
                          f"min {metric_text(name, min(present))} · max {metric_text(name, max(present))} · "
                          f"last {metric_text(name, present[-1])}")
    if (path / "resume.pt").exists() and info.status not in (RUNNING, DAMAGED):
        where = f" --runs-dir {root}" if root != Path("runs") else ""
        if info.status in (COMPLETED, EARLY_STOP):
            console.print(f"Train on with: nn-tui train --resume {info.name}{where} --set training.epochs={info.epochs * 2}")
        else:
            console.print(f"Resume with: nn-tui train --resume {info.name}{where}")
    return 0


def sparkline(values: list[float | None], width: int = 60) -> str:
    """Values as one line of block characters, averaged into at most `width` buckets; gaps stay blank."""
    if not values:
        return ""
    buckets = min(width, len(values))
    means: list[float | None] = []
    for i in range(buckets):
        chunk = [v for v in values[i * len(values) // buckets : (i + 1) * len(values) // buckets] if v is not None]
        means.append(sum(chunk) / len(chunk) if chunk else None)
    present = [m for m in means if m is not None]
    if not present:
        return " " * buckets
    low, high = min(present), max(present)
    span = high - low or 1.0
    return "".join(" " if m is None else SPARK[min(len(SPARK) - 1, int((m - low) / span * len(SPARK)))] for m in means)
