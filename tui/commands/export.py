"""`nn-tui export RUN --format onnx|torchscript|script -o PATH`: a saved run outside nn-tui."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.core.i18n import _

FORMATS = ("onnx", "torchscript", "script")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help=_("write a saved run as ONNX, TorchScript, or a plain-PyTorch training script")
    )
    parser.add_argument("run", metavar="RUN", help=_("a run folder's name, a run name (its newest folder), 'latest' or a path"))
    parser.add_argument("--format", required=True, choices=FORMATS,
                        help=_("onnx / torchscript: raw feature values in, probabilities or values out (scaling inside); "
                               "script: a stand-alone PyTorch script that trains the same network"))
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="PATH", help=_("the file to write"))
    parser.add_argument("--runs-dir", type=Path, help=_("where run folders are (default ./runs or $NN_TUI_RUNS_DIR)"))


def run(args: argparse.Namespace) -> int:
    from tui.commands.common import runs_dir
    from tui.runs.listing import resolve_run

    run_dir = resolve_run(args.run, runs_dir(args))
    if args.format == "script":
        from tui.runs.training_script import write_training_script

        write_training_script(run_dir, args.output)
    else:
        from tui.runs.export import export_network
        from tui.runs.saved_model import load_saved_model

        export_network(load_saved_model(run_dir), args.format, args.output)
    print(_("wrote {path}").format(path=args.output))
    return 0
