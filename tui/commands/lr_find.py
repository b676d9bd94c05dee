"""`nn-tui lr-find PRESET`: the learning-rate range test; prints the suggestion (and its chart on a terminal)."""

from __future__ import annotations

import argparse

from tui.core.errors import UserError
from tui.core.i18n import N_, _


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lr-find", help=_("the learning-rate range test: a short run with a growing lr, and the lr to use (nothing is saved)")
    )
    parser.add_argument("preset", metavar="PRESET", help=_("a preset name (see `nn-tui presets`) or a .toml file"))
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help=_("override a config value, read as TOML (e.g. training.batch_size=64)"))
    parser.add_argument("--device", help=_("training device: auto, cpu, cuda, cuda:N or mps (same as --set training.device=D)"))
    parser.add_argument("--steps", type=int, default=100, metavar="N", help=_("steps of the ramp, at most (default 100)"))
    parser.add_argument("--start-lr", type=float, default=1e-7, metavar="LR", help=_("the first learning rate (default 1e-7)"))
    parser.add_argument("--end-lr", type=float, default=10.0, metavar="LR", help=_("the last learning rate (default 10)"))
    parser.add_argument("--jsonl", metavar="PATH", help=_("write the result as one JSON object to PATH ('-' = stdout)"))


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import load_run_config
    from tui.core.jsonl import event_line
    from tui.headless.output import close_jsonl, open_jsonl, text_console
    from tui.text.lr_chart import lr_chart, lr_summary
    from tui.training.lr_finder import find_lr
    from tui.training.trainer import Trainer

    if not 2 <= args.steps <= 10_000:
        raise UserError(N_("--steps: {steps} steps; give 2 to 10000").format(steps=args.steps))
    if not 0 < args.start_lr < args.end_lr or args.end_lr == float("inf"):
        raise UserError(N_("--start-lr {start:g} and --end-lr {end:g}: give 0 < start < end, both finite").format(
            start=args.start_lr, end=args.end_lr))
    config = load_run_config(args.preset, args)
    jsonl = open_jsonl(args.jsonl)
    try:
        found = find_lr(Trainer(config), start_lr=args.start_lr, end_lr=args.end_lr, steps=args.steps)
        if jsonl is not None:
            jsonl.write(event_line(found) + "\n")
    finally:
        close_jsonl(jsonl)
    console = text_console(stderr=args.jsonl == "-")
    if console.is_terminal and found.lrs:
        width = max(40, min(console.width, 100))
        console.print(lr_chart(found, width, 20), markup=False, highlight=False, emoji=False)
    console.print(lr_summary(found), markup=False, highlight=False, emoji=False, soft_wrap=True)
    return 0
