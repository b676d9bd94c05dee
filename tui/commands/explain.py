"""`nn-tui explain PRESET`: the first optimizer steps of a tiny network, derived as the lecture derives them."""

from __future__ import annotations

import argparse

from tui.core.errors import UserError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "explain", help="print the backpropagation of the first steps of a tiny network (≤ 100 parameters), with every number"
    )
    parser.add_argument("preset", metavar="PRESET", help="a preset name (see `nn-tui presets`) or a .toml file")
    parser.add_argument("--steps", type=int, default=1, metavar="N", help="how many optimizer steps to derive (default 1)")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a config value, read as TOML (e.g. model.activation=sigmoid)")


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import load_run_config
    from tui.text.derivation_text import explanation_lines
    from tui.training.derivation import Explainer

    if args.steps < 1:
        raise UserError(f"--steps: {args.steps} is not a number of steps; give 1 or more")
    config = load_run_config(args.preset, args)
    explanation = Explainer(config).explain(args.steps)
    # One line per record, never wrapped: piped output stays greppable.
    print("\n".join(explanation_lines(explanation)))
    return 0
