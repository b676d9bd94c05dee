"""`nn-tui`: the command line. Keeps heavy imports (torch, textual) out of `--help`."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

# Each sub-command lives in tui/commands/<name>.py with `add_parser(subparsers)` and `run(args) -> int`.
COMMANDS = ["app", "train", "presets", "bench", "tune", "runs", "sweep"]
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
    from .engine.errors import UserError

    try:
        return int(importlib.import_module(f"tui.commands.{args.command}").run(args) or 0)
    except UserError as error:
        print(f"nn-tui: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nn-tui: interrupted", file=sys.stderr)
        return 130
    except Exception:  # a bug: keep the traceback in a file, say where in one line
        where = save_crash_report()
        print(f"nn-tui: internal error (a bug, please report it); traceback saved to {where}", file=sys.stderr)
        return 1


def save_crash_report() -> str:
    import os
    import tempfile
    import time
    import traceback
    from pathlib import Path

    from .engine.runs import default_runs_dir

    text = traceback.format_exc()
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"  # two crashes in one second keep both
    for folder in (default_runs_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
            return str(folder / name)
        except OSError:
            continue
    return "(could not be written)"
