"""`nn-tui`: the command line. Keeps heavy imports (torch, textual) out of `--help`."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from pathlib import Path

from tui import __version__
from tui.core.argparse_text import translate_argparse
from tui.core.i18n import LANGUAGES, _, language_from, set_language

# Each sub-command lives in tui/commands/<name>.py with `add_parser(subparsers)` and `run(args) -> int`.
COMMANDS = ["app", "train", "explain", "presets", "bench", "tune", "runs", "sweep", "attach", "stop", "predict", "evaluate",
            "export", "lr-find"]
DEFAULT_COMMAND = "app"
TRAINING_COMMANDS = {"app", "train", "tune", "sweep"}  # they create the runs folder anyway; the others never should


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nn-tui",
        description=_("A terminal trainer for neural networks. With no command, opens the app (optionally on PRESET)."),
        epilog=_("`nn-tui PRESET` is short for `nn-tui app PRESET`. Runs are written under ./runs/ unless --runs-dir or "
                 "NN_TUI_RUNS_DIR says otherwise."),
    )
    parser.add_argument("--version", action="version", version=f"nn-tui {__version__}")
    parser.add_argument("--lang", choices=LANGUAGES,
                        help=_("the language to read nn-tui in (default: $NN_TUI_LANG, else the locale; "
                               "also after a command)"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"tui.commands.{name.replace('-', '_')}").add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        argv, asked = take_language(argv)
    except ValueError as error:
        print(_("nn-tui: error: {problem}").format(problem=error), file=sys.stderr)
        return 2
    set_language(language_from(os.environ, asked))
    translate_argparse()
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = [DEFAULT_COMMAND, *argv]
    args = build_parser().parse_args(argv)
    from tui.core.errors import UserError
    from tui.core.i18n import translated

    try:
        return int(importlib.import_module(f"tui.commands.{args.command.replace('-', '_')}").run(args) or 0)
    except UserError as error:
        print(_("nn-tui: error: {problem}").format(problem=translated(str(error))), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_("nn-tui: interrupted"), file=sys.stderr)
        return 130
    except Exception as error:  # a bug: keep the traceback in a file, say where in one line
        if isinstance(error, OSError) and output_is_gone(error):  # `> /dev/full`, a dead terminal: the system's, not a bug
            from tui.headless.output import silence_stdout_if_gone

            silence_stdout_if_gone()
            print(_("nn-tui: cannot write the output ({reason})").format(reason=error.strerror or error), file=sys.stderr)
            return 1
        from tui.runs.crash_report import save_crash_report

        where = save_crash_report(error, crash_folder(args))
        print(_("nn-tui: internal error (a bug, please report it); traceback saved to {path}").format(path=translated(str(where))),
              file=sys.stderr)
        return 1


def take_language(argv: list[str]) -> tuple[list[str], str | None]:
    """`--lang es` (or --lang=es) anywhere on the line, taken out: the language must be known before the parser
    and its help are built."""
    rest, asked, words = [], None, iter(argv)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word == "--lang" or word.startswith("--lang="):
            asked = word.partition("=")[2] if "=" in word else next(words, "")
            if asked not in LANGUAGES:
                raise ValueError(_("--lang: {value!r} is not a language nn-tui speaks (allowed: {allowed})").format(
                    value=asked, allowed=", ".join(LANGUAGES)))
            continue
        rest.append(word)
    return rest, asked


def output_is_gone(error: OSError) -> bool:
    """True when `error` is the output refusing text (full disk, closed pipe, lost terminal), not a file of ours.

    The commands print through Rich consoles on stdout or stderr only: an error raised inside one is theirs.
    """
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.replace("\\", "/").endswith("rich/console.py"):
            return True
        frame = frame.tb_next
    try:
        sys.stdout.flush()  # print() and friends: what is still buffered cannot be written
    except OSError:
        return True
    return False


def crash_folder(args: argparse.Namespace) -> Path | None:
    """Where a crash log goes: the runs folder, except that a command that never trains does not create ./runs."""
    from tui.runs.location import RUNS_ENV, default_runs_dir

    given = getattr(args, "action_runs_dir", None) or getattr(args, "runs_dir", None)
    if given is not None or os.environ.get(RUNS_ENV) or args.command in TRAINING_COMMANDS:
        return given  # a folder the user named, or one training creates anyway (None: the default)
    return default_runs_dir() if default_runs_dir().is_dir() else Path(tempfile.gettempdir())
