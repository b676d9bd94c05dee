"""`nn-tui explain PRESET`: the first optimizer steps of a tiny network, derived as the lecture derives them."""

from __future__ import annotations

import argparse

from tui.core.errors import UserError
from tui.core.i18n import N_, _


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "explain", help=_("print the backpropagation of the first steps of a tiny network (≤ 100 parameters), with every number")
    )
    parser.add_argument("preset", metavar="PRESET", help=_("a preset name (see `nn-tui presets`) or a .toml file"))
    parser.add_argument("--steps", type=int, default=1, metavar="N", help=_("how many optimizer steps to derive (default 1)"))
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help=_("override a config value, read as TOML (e.g. model.activation=sigmoid)"))
    parser.add_argument("--first-step", type=int, default=1, metavar="K",
                        help=_("start at the run's step K (default 1); the weights are model.init's, e.g. a paused run's"))
    parser.add_argument("--json", action="store_true", help=_("the derivation's records as JSON lines (one per step), not text"))
    parser.add_argument("--all-examples", action="store_true",
                        help=_("write out every example of a batch (by default the first 3, then the mean)"))


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import load_run_config
    from tui.core.derivation_json import explanation_json_lines
    from tui.text.derivation_text import EXAMPLES_SHOWN, explanation_lines
    from tui.training.derivation import Explainer

    if args.steps < 1:
        raise UserError(N_("--steps: {steps} is not a number of steps; give 1 or more").format(steps=args.steps))
    if args.first_step < 1:
        raise UserError(N_("--first-step: {step} is not a step; steps count from 1").format(step=args.first_step))
    config = load_run_config(args.preset, args)
    explanation = Explainer(config).explain(args.steps, args.first_step)
    # One line per record, never wrapped: piped output stays greppable.
    if args.json:
        lines = explanation_json_lines(explanation)
    else:
        lines = explanation_lines(explanation, None if args.all_examples else EXAMPLES_SHOWN)
    print("\n".join(lines))
    return 0
