"""The commands a running run takes, one word a line: from the app over the training process's input, or from
anyone through the run folder's control pipe (tui.runs.control_pipe: `nn-tui stop`, an attached view)."""

from __future__ import annotations

import threading
from typing import Literal

Command = Literal["pause", "resume", "stop", "detach"]
PAUSE: Command = "pause"
RESUME: Command = "resume"
STOP: Command = "stop"
DETACH: Command = "detach"  # the app's training process only: go on training with nobody watching
COMMANDS: tuple[Command, ...] = (PAUSE, RESUME, STOP, DETACH)


def encode_command(command: Command) -> str:
    return command


def decode_command(line: str) -> Command | None:
    """The command on `line`; None for anything else (ignored)."""
    word = line.strip()
    return next((command for command in COMMANDS if command == word), None)


def apply_command(command: Command | None, stop: threading.Event, pause: threading.Event) -> None:
    """What pause, resume and stop do to a run's flags (a stop also ends a pause, so that it is heard)."""
    if command == PAUSE:
        pause.set()
    elif command == RESUME:
        pause.clear()
    elif command == STOP:
        stop.set()
        pause.clear()
