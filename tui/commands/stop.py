"""`nn-tui stop RUN`: stop a run training in another process as its stop key would (best model kept, resumable)."""

from __future__ import annotations

import argparse
import time

from tui.commands.common import add_training_run_arguments

WAIT_SECONDS = 120.0  # a run checks its stop flag every step; writing its best model and checkpoint takes seconds at most


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stop", help="stop a run training in the background (best model kept, resumable)")
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
            raise UserError(f"{run_dir.name}: cannot tell which process trains it; stop that process (SIGTERM keeps the best model)")
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError as error:
            raise UserError(f"{run_dir.name}: cannot stop process {pid} ({error.strerror or error})") from None
    print(f"Stopping {run_dir.name} (process {pid or '?'}): the best model is kept…", file=sys.stderr)
    deadline = time.monotonic() + WAIT_SECONDS
    while training(run_dir):
        if time.monotonic() > deadline:
            raise UserError(f"{run_dir.name}: still training {WAIT_SECONDS:.0f} s after the stop; process {pid or '?'} may be hung")
        time.sleep(0.1)
    print(f"Stopped {run_dir}; `nn-tui train --resume {run_dir.name}` continues it.", file=sys.stderr)
    return 0
