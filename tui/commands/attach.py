"""`nn-tui attach [RUN]`: the live training screen of a run training in the background (default: the latest)."""

from __future__ import annotations

import argparse

from tui.commands.common import add_training_run_arguments
from tui.core.i18n import _


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("attach", help=_("watch a run that trains in the background (default: the latest running run)"))
    add_training_run_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import runs_dir, training_run
    from tui.core.config import load_config

    run_dir = training_run(args.run, runs_dir(args))
    config = load_config(run_dir / "config.toml")
    from tui.app.app import NNTuiApp

    NNTuiApp(config, runs_root=runs_dir(args), attach=run_dir).run()
    return 0
