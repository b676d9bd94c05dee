"""`nn-tui train PRESET`: the same engine, no app (scripts, nohup, CI)."""

from __future__ import annotations

import argparse
import sys

from .common import add_config_arguments, load_run_config, runs_dir


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("train", help="train a preset headless (progress bar and epoch log, or plain lines)")
    parser.add_argument("preset", metavar="PRESET", help="a preset name (see `nn-tui presets`) or a .toml file")
    add_config_arguments(parser)
    parser.add_argument("--jsonl", metavar="PATH", help="write one JSON object per event to PATH ('-' = stdout)")
    parser.add_argument("--no-save", action="store_true", help="write no run folder")
    parser.add_argument("--quiet", action="store_true", help="no human-readable output")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from tui.engine.runs import new_run_dir
    from tui.engine.trainer import Trainer
    from tui.headless import HeadlessView, open_jsonl, run_headless

    config = load_run_config(args.preset, args)
    jsonl = open_jsonl(args.jsonl)
    # With JSON on stdout, the human log goes to stderr so the JSON stays parseable.
    console = Console(stderr=args.jsonl == "-", highlight=False)
    view = HeadlessView(console, jsonl=jsonl, human=not args.quiet)
    run_dir = None if args.no_save else new_run_dir(runs_dir(args), config.name)
    try:
        finished = run_headless(Trainer(config, run_dir=run_dir), view)
    finally:
        if jsonl is not None and jsonl is not sys.stdout:
            jsonl.close()
    return 1 if finished.reason == "failed" else 0
