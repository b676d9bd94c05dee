"""`nn-tui [PRESET]`: open the Textual app (until it exists: train the preset headless)."""

from __future__ import annotations

import argparse

from .common import add_config_arguments


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("app", help="open the app (the default command), optionally on PRESET")
    parser.add_argument("preset", nargs="?", metavar="PRESET", help="preset to load into the form (default: iris)")
    add_config_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from tui.engine.presets import DEFAULT_PRESET

    from . import train

    args.preset = args.preset or DEFAULT_PRESET
    args.jsonl, args.no_save, args.quiet = None, False, False
    return train.run(args)
