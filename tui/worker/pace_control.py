"""The training screen's pause flag, with what goes with pausing and watching: the pace, single steps, one epoch.

A `PaceControl` is the screen's pause `ControlFlag` (a key sets or clears it as before) that also holds the
run's pace and takes the single-step and one-epoch keys. The app's end of the pipe (tui.worker.parent) sends
the pace with the request and each change as a command line the moment it happens; a source that is not a
training process (a test's script) sees an ordinary pause flag (docs/DESIGN.md §Pace and single steps).
"""

from __future__ import annotations

from collections.abc import Callable

from tui.core.paces import faster, slower
from tui.core.run_commands import EPOCH, STEP, encode_command, encode_pace
from tui.worker.control import ControlFlag

Listener = Callable[[str], None]  # gets each command line to send


class PaceControl(ControlFlag):
    def __init__(self, steps_per_second: float | None = None) -> None:
        super().__init__()
        self.steps_per_second = steps_per_second
        self._senders: list[Listener] = []

    def listen_commands(self, sender: Listener) -> None:
        self._senders.append(sender)

    def forget_commands(self, sender: Listener) -> None:
        self._senders.remove(sender)

    def slower(self) -> None:
        self.set_pace(slower(self.steps_per_second))

    def faster(self) -> None:
        self.set_pace(faster(self.steps_per_second))

    def set_pace(self, steps_per_second: float | None) -> None:
        if steps_per_second != self.steps_per_second:
            self.steps_per_second = steps_per_second
            self._send(encode_pace(steps_per_second))

    def step_once(self) -> None:
        """One optimizer step (the run is paused)."""
        self._send(encode_command(STEP))

    def epoch_once(self) -> None:
        """On to the end of the epoch under way, then paused again (the run is paused)."""
        self._send(encode_command(EPOCH))

    def _send(self, line: str) -> None:
        for sender in list(self._senders):
            sender(line)
