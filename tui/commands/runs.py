"""`nn-tui runs` lists saved runs; `nn-tui runs show RUN` prints one with its curves."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: `nn-tui --help` stays light
    from rich.console import Console
    from rich.text import Text

    from tui.runs.listing import RunInfo

from tui.commands.words import epochs as epochs_text
from tui.core.i18n import N_, _, number, translated
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
from tui.text.status_words import status_word

WIDE_TABLE = 130  # columns needed for the one-line-per-run table
SPARK = "▁▂▃▄▅▆▇█"
# The wide table's columns: the key (which also justifies it) and its heading.
COLUMNS = {"run": N_("run"), "date": N_("date"), "dataset": N_("dataset"), "model": N_("model"), "optimizer": N_("optimizer"),
           "lr": N_("lr"), "batch": N_("batch"), "epochs": N_("epochs"), "end": N_("end"), "best": N_("best")}
STATUS_STYLE = {
    COMPLETED: "green", EARLY_STOP: "green", RUNNING: "cyan", STOPPED: "yellow",
    INTERRUPTED: "yellow", DIVERGED: "red", FAILED: "red", DAMAGED: "red",
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("runs", help=_("list saved runs, or show one (`nn-tui runs show RUN`)"))
    parser.add_argument("--runs-dir", type=Path, help=_("where run folders are (default ./runs or $NN_TUI_RUNS_DIR)"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser("list", help=_("a table of every run (the default)"))
    show = actions.add_parser("show", help=_("one run: its config, outcome and curves"))
    show.add_argument("run", metavar="RUN", help=_("a run folder's name, a run name (its newest folder), 'latest' or a path"))
    for sub in (listing, show):  # accepted after the action too; argparse would let the sub-parser's default win
        sub.add_argument("--runs-dir", type=Path, dest="action_runs_dir", help=_("where run folders are"))


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
        console.print(_("No runs in {folder} yet. Train one with `nn-tui train PRESET`.").format(folder=root))
        return 0
    if console.width < WIDE_TABLE:
        return list_lines(console, root, runs)
    table = Table(title=_("Runs in {folder}").format(folder=root), expand=False, box=box.SIMPLE_HEAD, pad_edge=False)
    for column, heading in COLUMNS.items():
        table.add_column(_(heading), no_wrap=True, justify="right" if column in ("lr", "epochs") else "left")
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

    from tui.runs.listing import shown_note

    console.print(Text(_("Runs in {folder}").format(folder=root), style="bold"))
    for info in runs:
        console.print(Text.assemble((info.name, "bold"), "  ", status_text(info), f"  {best_text(info)}"))
        line = _("{started} · {dataset} · {model} · {optimizer} lr {lr} · batch {batch} · {epochs}").format(
            started=info.started[:16], dataset=info.dataset, model=info.model, optimizer=info.optimizer, lr=lr_text(info),
            batch=info.batch, epochs=epochs_text(info.epochs))
        console.print(f"  {line}" + (f" · {shown_note(info.note)}" if info.note else ""))
    return 0


def status_text(info: RunInfo) -> Text:
    from rich.text import Text

    status = status_word(info.status)
    text = status if info.pid is None else _("{status} (process {pid})").format(status=status, pid=info.pid)  # `nn-tui attach` shows it
    return Text(text, style=STATUS_STYLE.get(info.status, ""))


def lr_text(info: RunInfo) -> str:
    return "?" if info.lr is None else number(info.lr, "g")


def best_text(info: RunInfo) -> str:
    if info.best is None:
        return "-"
    return f"{info.monitor} {metric_text(info.monitor, info.best)}" + (f" @{info.best_epoch}" if info.best_epoch is not None else "")


def metric_text(name: str | None, value: float) -> str:
    """Accuracies in percent, as the epoch log and the app show them; other metrics with four decimals."""
    return f"{number(value * 100, '.2f')}%" if name in (TRAIN_ACCURACY, VAL_ACCURACY) else number(value, ".4f")


def show_run(console: Console, spec: str, root: Path) -> int:

    from tui.runs.file_limits import read_summary
    from tui.runs.listing import read_curves, read_run, resolve_run, shown_note

    path = resolve_run(spec, root)
    info = read_run(path)
    from rich.text import Text

    console.print(Text.assemble((info.name, "bold"), f"  {path}"))
    console.print(_("started {date} · {status}").format(date=info.started, status=status_text(info))
                  + (f" ({shown_note(info.note)})" if info.note else "")
                  + (" · " + _("`nn-tui attach {run}` watches it").format(run=info.name) if info.pid is not None else ""))
    console.print(_("{dataset} · model {model} · {optimizer} lr {lr} · batch {batch} · {epochs}").format(
        dataset=info.dataset, model=info.model, optimizer=info.optimizer, lr=lr_text(info), batch=info.batch,
        epochs=epochs_text(info.epochs)))
    console.print(_("best: {best}").format(best=best_text(info)))
    try:
        summary = read_summary(path)
    except (OSError, ValueError, RecursionError):
        summary = {}
    if not isinstance(summary, dict) or info.status == DAMAGED:  # a damaged folder's fields cannot be trusted
        summary = {}
    if summary.get("message"):
        console.print(translated(summary["message"]))
    if summary.get("seconds") is not None:
        versions = ", ".join(f"{k} {v}" for k, v in (summary.get("versions") or {}).items())
        console.print(_("{seconds} s on {device} · data {fingerprint} · {versions}").format(
            seconds=number(summary["seconds"], ".1f"), device=summary.get("device", "?"),
            fingerprint=summary.get("data_fingerprint", "?"), versions=versions))
    curves = read_curves(path)
    epochs = curves.get("epoch") or []
    if not epochs:
        console.print(_("No epochs recorded."))
        return 0
    console.print(_("curves over epochs {first}–{last}:").format(first=int(epochs[0] or 0), last=int(epochs[-1] or 0)))
    for name in (TRAIN_LOSS, VAL_LOSS, TRAIN_ACCURACY, VAL_ACCURACY, TRAIN_MAE, VAL_MAE):
        values = curves.get(name) or []
        present = [v for v in values if v is not None]
        if present:
            span = _("first {first} · min {min} · max {max} · last {last}").format(
                first=metric_text(name, present[0]), min=metric_text(name, min(present)),
                max=metric_text(name, max(present)), last=metric_text(name, present[-1]))
            console.print(f"  {name:<14} {sparkline(values)}  {span}")
    if (path / "resume.pt").exists() and info.status not in (RUNNING, DAMAGED):
        where = f" --runs-dir {root}" if root != Path("runs") else ""
        if info.status in (COMPLETED, EARLY_STOP):
            command = f"nn-tui train --resume {info.name}{where} --set training.epochs={info.epochs * 2}"  # not translated: a command line
            console.print(_("Train on with: {command}").format(command=command))
        else:
            command = f"nn-tui train --resume {info.name}{where}"  # not translated: a command line
            console.print(_("Resume with: {command}").format(command=command))
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
