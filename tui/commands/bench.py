"""`nn-tui bench`: the engine's throughput beside a bare hand-written loop, measured in one run."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="measure the engine against a bare training loop (and the app against headless)")
    parser.add_argument("--epochs", type=int, default=3, help="epochs per measurement (default 3)")
    parser.add_argument("--repeats", type=int, default=3, help="measurements per contender; the median is reported")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or auto")
    parser.add_argument("--skip-app", action="store_true", help="only engine vs bare loop")


def run(args: argparse.Namespace) -> int:
    from tui.bench import main

    return main(args)
