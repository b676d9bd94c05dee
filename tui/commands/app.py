"""`nn-tui [PRESET]` / `nn-tui app [PRESET]`: open the Textual app with the preset loaded in the form."""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import add_config_arguments, load_run_config, runs_dir
from tui.core.i18n import N_, _


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("app", help=_("open the app (the default command), optionally on PRESET"))
    parser.add_argument("preset", nargs="?", metavar="PRESET", help=_("preset to load into the form (default: iris)"))
    add_config_arguments(parser)
    parser.add_argument("--on-hangup", choices=("detach", "stop"), default=None,
                        help=_("when the terminal goes away (SSH dropped): leave the runs training detached (default; "
                               "$NN_TUI_ON_HANGUP) or stop them, keeping the best model"))


def run(args: argparse.Namespace) -> int:
    from tui.core.presets import DEFAULT_PRESET

    config = load_run_config(args.preset or DEFAULT_PRESET, args)  # a bad preset fails here, before the screen opens
    from tui.app.app import NNTuiApp

    app = NNTuiApp(config, runs_root=runs_dir(args), prestart=True, on_hangup=on_hangup(args))
    app.run()
    if app.return_code:  # the app ended on a bug (Textual has shown it): never exit 0 after a crash
        if app.crash_report:
            print(_("nn-tui: internal error in the app (a bug, please report it); traceback saved to {path}").format(
                path=app.crash_report), file=sys.stderr)
        else:
            print(_("nn-tui: internal error in the app (a bug, please report it)"), file=sys.stderr)
        return app.return_code
    return 0


def on_hangup(args: argparse.Namespace) -> str:
    import os

    from tui.core.errors import UserError

    choice = args.on_hangup or os.environ.get("NN_TUI_ON_HANGUP") or "detach"
    if choice not in ("detach", "stop"):
        raise UserError(N_("NN_TUI_ON_HANGUP: {value!r} is not allowed; use detach or stop").format(value=choice))
    return choice
