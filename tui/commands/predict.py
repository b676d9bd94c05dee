"""`nn-tui predict RUN DATA.csv [-o OUT.csv]`: a saved run's predictions for new rows, one output row per input row."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from tui.core.i18n import _


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "predict", help=_("predict new rows with a saved run: its preprocessing, then its best weights (CSV out)")
    )
    parser.add_argument("run", metavar="RUN", help=_("a run folder's name, a run name (its newest folder), 'latest' or a path"))
    parser.add_argument("data", metavar="DATA.csv", type=Path, help=_("rows with the run's feature columns (others are ignored)"))
    parser.add_argument("-o", "--output", type=Path, help=_("write the predictions here (default: standard output)"))
    parser.add_argument("--runs-dir", type=Path, help=_("where run folders are (default ./runs or $NN_TUI_RUNS_DIR)"))


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import runs_dir
    from tui.runs.listing import resolve_run
    from tui.runs.prediction import prediction_header, prediction_rows
    from tui.runs.saved_model import load_saved_model

    saved = load_saved_model(resolve_run(args.run, runs_dir(args)))
    batches = prediction_rows(saved, args.data)
    first = next(batches, [])  # a bad file is refused before any output is written
    if args.output is None:
        write_rows(sys.stdout, prediction_header(saved), first, batches)
    else:
        with args.output.open("w", encoding="utf-8", newline="") as handle:
            write_rows(handle, prediction_header(saved), first, batches)
    return 0


def write_rows(handle: TextIO, header: list[str], first: list[list[str]], rest: Iterator[list[list[str]]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(first)
    for batch in rest:
        writer.writerows(batch)
