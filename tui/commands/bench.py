"""`nn-tui bench`: the engine's throughput beside a bare hand-written loop, measured in one run."""

from __future__ import annotations

import argparse

from tui.core.i18n import _


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help=_("measure the engine against a bare training loop (and the app against headless)"))
    parser.add_argument("--epochs", type=positive_int, default=3, help=_("epochs per measurement (default 3)"))
    parser.add_argument("--repeats", type=positive_int, default=3, help=_("measurements per contender; the median is reported"))
    parser.add_argument("--device", default="cpu", help=_("cpu, cuda or auto"))
    parser.add_argument("--skip-app", action="store_true", help=_("only engine vs bare loop"))
    parser.add_argument("--skip-engine", action="store_true", help=_("only the live app vs headless"))
    parser.add_argument("--csv-rows", type=int, default=0, metavar="N",
                        help=_("also time loading a CSV of N rows × 20 columns (read, split, scale), e.g. 1000000"))


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value!r} is not a whole number").format(value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1 (got {value})").format(value=value))
    return value


def run(args: argparse.Namespace) -> int:
    from tui.bench.engine import main

    return main(args)
