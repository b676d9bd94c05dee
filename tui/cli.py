"""`nn-tui`: the command line. Keeps heavy imports (torch, textual) out of `--help`."""

from __future__ import annotations

import argparse
import importlib
import sys

from tui import __version__

# Each sub-command lives in tui/commands/<name>.py with `add_parser(subparsers)` and `run(args) -> int`.
COMMANDS = ["app", "train", "explain", "presets", "bench", "tune", "runs", "sweep"]
DEFAULT_COMMAND = "app"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nn-tui",
        description="A terminal trainer for neural networks. With no command, opens the app (optionally on PRESET).",
        epilog="`nn-tui PRESET` is short for `nn-tui app PRESET`. Runs are written under ./runs/ unless --runs-dir or "
        "NN_TUI_RUNS_DIR says otherwise.",
    )
    parser.add_argument("--version", action="version", version=f"nn-tui {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"tui.commands.{name}").add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = [DEFAULT_COMMAND, *argv]
    args = build_parser().parse_args(argv)
    from tui.core.errors import UserError

    try:
        return int(importlib.import_module(f"tui.commands.{args.command}").run(args) or 0)
    except UserError as error:
        print(f"nn-tui: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nn-tui: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: keep the traceback in a file, say where in one line
        from tui.runs.crash_report import save_crash_report

        where = save_crash_report(error, getattr(args, "runs_dir", None) or getattr(args, "action_runs_dir", None))
        print(f"nn-tui: internal error (a bug, please report it); traceback saved to {where}", file=sys.stderr)
        return 1
