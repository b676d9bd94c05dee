"""`nn-tui evaluate RUN [DATA.csv] [--json]`: a saved run's confusion matrix and per-class scores, or its errors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tui.core.i18n import _


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate", help=_("score a saved run on its validation split or a labelled CSV, against a baseline")
    )
    parser.add_argument("run", metavar="RUN", help=_("a run folder's name, a run name (its newest folder), 'latest' or a path"))
    parser.add_argument("data", metavar="DATA.csv", type=Path, nargs="?",
                        help=_("labelled rows (default: the run's validation split, recomputed as in training)"))
    parser.add_argument("--json", action="store_true", help=_("one JSON object instead of the tables"))
    parser.add_argument("--runs-dir", type=Path, help=_("where run folders are (default ./runs or $NN_TUI_RUNS_DIR)"))


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import runs_dir
    from tui.core.jsonl import finite_only
    from tui.runs.evaluation import evaluate_run
    from tui.runs.listing import resolve_run
    from tui.runs.saved_model import load_saved_model
    from tui.text.evaluation_text import report_lines

    report = evaluate_run(load_saved_model(resolve_run(args.run, runs_dir(args))), args.data)
    if args.json:
        print(json.dumps(finite_only(report)))
    else:
        print("\n".join(report_lines(report)))
    return 0
