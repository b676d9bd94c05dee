"""`nn-tui train --detach`: the run in a process of its own session, with no terminal; this one prints its
folder once it trains (or the error it stopped on) and returns (docs/DESIGN.md §Detach and attach)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from tui.core.errors import UserError
from tui.core.i18n import N_, _
from tui.runs.control_pipe import CONTROL_NAME
from tui.runs.follow import training

USER_ERROR_PREFIX = "nn-tui: error: "  # not translated: the start of the line the CLI prints for refused input
EXIT_USER_ERROR = 2
LOG_NAME = "detached.log"  # the detached process's own output (errors only: it runs --quiet)
START_SECONDS = 600.0  # loading a large CSV can take minutes; the run is only "started" once it trains


def start_detached(args: argparse.Namespace, run_dir: Path, resume: bool) -> int:
    """Start the run in the background and wait until it trains; 0 and its folder on stdout, or its error."""
    command = [sys.executable, "-m", "tui", "train", "--quiet"]
    command += ["--resume", str(run_dir.resolve())] if resume else [args.preset, "--into", str(run_dir.resolve())]
    for override in args.overrides:
        command += ["--set", override]
    if args.device:
        command += ["--device", args.device]
    if args.jsonl:
        command += ["--jsonl", str(Path(args.jsonl).resolve())]
    if getattr(args, "views", None):
        command += ["--views", args.views]
    if getattr(args, "pace", None):
        command += ["--pace", args.pace]
    log_path = run_dir / LOG_NAME
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    started, since = time.monotonic(), time.time()
    while process.poll() is None:
        waited = time.monotonic() - started
        if _training_since(run_dir, since):
            print(run_dir)
            print(_("Training in the background (process {pid}): `nn-tui attach {run}` watches it, "
                    "`nn-tui stop {run}` stops it.").format(pid=process.pid, run=run_dir.name), file=sys.stderr)
            return 0
        if waited > START_SECONDS:
            raise UserError(N_("{run}: the detached run has not started training after {seconds:.0f} s "
                               "(process {pid}; its output is in {log})").format(
                run=run_dir.name, seconds=START_SECONDS, pid=process.pid, log=log_path))
        time.sleep(0.05)
    if process.returncode == 0:  # a short run can end before this process looks: it trained, and its result is kept
        print(run_dir)
        print(_("The run already ended in the background: `nn-tui runs` lists it."), file=sys.stderr)
        return 0
    return _failed(process.returncode, run_dir, log_path, resume)


def _training_since(run_dir: Path, since: float) -> bool:
    """The run has set up and trains: its control pipe is open, or (a file system without named pipes) it has
    written its 'running' summary since `since` and holds the folder."""
    if (run_dir / CONTROL_NAME).exists():
        return True
    try:
        return (run_dir / "summary.json").stat().st_mtime >= since - 1 and training(run_dir)
    except OSError:
        return False


def _failed(code: int, run_dir: Path, log_path: Path, resume: bool) -> int:
    """The detached run ended before it trained: its own one-line error, and no folder left for it."""
    lines = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    errors = [line for line in lines if line.startswith("nn-tui: ")]  # its one line, not a library's warning
    at_once = _("nn-tui: error: the detached run ended at once (exit code {code})").format(code=code)
    print((errors or lines or [at_once])[-1], file=sys.stderr)
    refused = any(line.startswith(USER_ERROR_PREFIX) for line in errors)
    if not resume:
        for name in (LOG_NAME, ".lock"):
            (run_dir / name).unlink(missing_ok=True)
        try:
            os.rmdir(run_dir)
        except OSError:
            pass  # it wrote something after all: kept
    # Refused input is exit 2, as in the foreground, whatever the process's own end: under load it was seen to
    # abort (SIGABRT) while exiting, after writing its error line.
    return EXIT_USER_ERROR if refused else (code or 1)
