"""The commands a running run takes, one a line: from the app over the training process's input, or from anyone
through the run folder's control pipe (tui.runs.control_pipe: `nn-tui stop`, an attached view). Pausing,
stopping, the pace and single steps mean the same on both (docs/DESIGN.md §Pace and single steps)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal, Protocol

from tui.core.paces import pace_word, parse_pace

Command = Literal["pause", "resume", "stop", "step", "epoch", "detach"]
PAUSE: Command = "pause"
RESUME: Command = "resume"
STOP: Command = "stop"
STEP: Command = "step"  # while paused: one optimizer step
EPOCH: Command = "epoch"  # while paused: on to the end of the epoch under way
DETACH: Command = "detach"  # the app's training process only: go on training with nobody watching
COMMANDS: tuple[Command, ...] = (PAUSE, RESUME, STOP, STEP, EPOCH, DETACH)
PACE = "pace"  # "pace 30", "pace full": the pace from now on


class Pacer(Protocol):
    """What a run's pace takes (tui.training.pace.Pace)."""

    def set(self, steps_per_second: float | None) -> None: ...
    def step_once(self) -> None: ...
    def epoch_once(self) -> None: ...
    def wake(self) -> None: ...


@dataclass(frozen=True)
class PaceChange:
    """The "pace" command: from now on at most `steps_per_second` (None: full speed)."""

    steps_per_second: float | None


def encode_command(command: Command) -> str:
    return command


def decode_command(line: str) -> Command | None:
    """The command on `line`; None for anything else (ignored)."""
    word = line.strip()
    return next((command for command in COMMANDS if command == word), None)


def encode_pace(steps_per_second: float | None) -> str:
    return f"{PACE} {pace_word(steps_per_second)}"


def decode_pace(line: str) -> PaceChange | None:
    """The pace a "pace N" line asks for; None for any other line (or a pace that is no pace: ignored)."""
    word, _, value = line.strip().partition(" ")
    if word != PACE:
        return None
    try:
        return PaceChange(parse_pace(value))
    except ValueError:
        return None


def apply_line(line: str, stop: threading.Event, pause: threading.Event, pace: Pacer | None = None) -> None:
    """What a command line does to a run (a stop also ends a pause, so that it is heard; every command wakes a loop
    waiting on the pace, so it acts at once)."""
    change, command = decode_pace(line), decode_command(line)
    if change is not None and pace is not None:
        pace.set(change.steps_per_second)
    elif command == PAUSE:
        pause.set()
    elif command == RESUME:
        pause.clear()
    elif command == STOP:
        stop.set()
        pause.clear()
    elif command == STEP and pace is not None:
        pace.step_once()
    elif command == EPOCH and pace is not None:
        pace.epoch_once()
    if pace is not None:
        pace.wake()
