"""`nn-tui stop RUN`: stop a run training in another process as its stop key would (best model kept, resumable)."""

from __future__ import annotations

import argparse
import time

from tui.commands.common import add_training_run_arguments
from tui.core.i18n import N_, _

WAIT_SECONDS = 120.0  # a run checks its stop flag every step; writing its best model and checkpoint takes seconds at most


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stop", help=_("stop a run training in the background (best model kept, resumable)"))
    add_training_run_arguments(parser)


def run(args: argparse.Namespace) -> int:
    import os
    import signal
    import sys

    from tui.commands.common import runs_dir, training_run
    from tui.core.errors import UserError
    from tui.core.run_commands import STOP
    from tui.runs.control_pipe import send_command
    from tui.runs.follow import training
    from tui.runs.lock import LOCK_NAME, holder_pid

    run_dir = training_run(args.run, runs_dir(args))
    pid = holder_pid(run_dir / LOCK_NAME)
    if not send_command(run_dir, STOP):  # a process of an older nn-tui has no control pipe: the signal stops it as well
        if pid is None:
            raise UserError(N_("{run}: cannot tell which process trains it; stop that process (SIGTERM keeps the best model)").format(
                run=run_dir.name))
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError as error:
            raise UserError(N_("{run}: cannot stop process {pid} ({reason})").format(
                run=run_dir.name, pid=pid, reason=error.strerror or error)) from None
    print(_("Stopping {run} (process {pid}): the best model is kept…").format(run=run_dir.name, pid=pid or "?"), file=sys.stderr)
    deadline = time.monotonic() + WAIT_SECONDS
    while training(run_dir):
        if time.monotonic() > deadline:
            raise UserError(N_("{run}: still training {seconds:.0f} s after the stop; process {pid} may be hung").format(
                run=run_dir.name, seconds=WAIT_SECONDS, pid=pid or "?"))
        time.sleep(0.1)
    print(_("Stopped {folder}; `nn-tui train --resume {run}` continues it.").format(folder=run_dir, run=run_dir.name), file=sys.stderr)
    return 0
