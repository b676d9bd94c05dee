"""`nn-tui attach [RUN]`: the live training screen of a run training in the background (default: the latest)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("attach", help="watch a run that trains in the background (default: the latest running run)")
    parser.add_argument("run", nargs="?", metavar="RUN", help="a run folder, its name or 'latest' (see `nn-tui runs`)")
    parser.add_argument("--runs-dir", type=Path, help="where run folders are (default ./runs or $NN_TUI_RUNS_DIR)")


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import runs_dir, training_run
    from tui.core.config import load_config

    run_dir = training_run(args.run, runs_dir(args))
    config = load_config(run_dir / "config.toml")
    from tui.app.app import NNTuiApp

    NNTuiApp(config, runs_root=runs_dir(args), attach=run_dir).run()
    return 0
