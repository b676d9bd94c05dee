"""How the step loop advances: at full speed, at most N steps a second, or one step (or one epoch) per key while paused.

The Trainer asks `next_move` before a step only when `gated` (paced, or showing a pause): at full speed a
step pays one attribute read (docs/DESIGN.md §Pace and single steps). Any thread may change the pace or ask
for a single step; every change wakes a waiting loop at once, and whoever sets the stop or pause flag calls
`wake()` too (the training child's commands thread does). A wait never lasts longer than MAX_NAP, so a stop
set without a wake (a signal handler) is still seen within it.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

MAX_NAP = 0.05  # seconds: the longest wait before the flags are looked at again


class Move(NamedTuple):
    """What the loop does next: wait `wait` seconds and ask again, or (wait 0) take the step."""

    wait: float
    single: bool = False  # the step goes as a single step: one key, one step, shown at once


GO = Move(0.0)
SINGLE = Move(0.0, single=True)
HOLD = Move(MAX_NAP)  # paused, nothing asked for


class Pace:
    """The loop's pace (steps per second, None: full speed) and the single steps and epochs asked for while paused."""

    def __init__(self, steps_per_second: float | None = None) -> None:
        self._lock = threading.Lock()
        self._woken = threading.Event()
        self.steps_per_second: float | None = None
        self.limited = False
        self.held = False  # the loop has said it is paused (Paused(True)) and not yet that it goes on
        self.gated = False  # limited or held: the loop must ask before each step
        self.single_step = False  # the step last let through was a single step (the hook for views: docs/DESIGN.md §Pace and single steps)
        self._next_at: float | None = None  # when the next paced step may start
        self._steps_asked = 0
        self._epochs_asked = 0
        self._epoch_running = False  # an epoch asked for while paused is under way
        self._epoch_steps = 0
        self.set(steps_per_second)

    # ------------------------------------------------------------------ any thread

    def set(self, steps_per_second: float | None) -> None:
        """Change the pace (None: full speed); a waiting loop sees it at once."""
        with self._lock:
            self.steps_per_second = steps_per_second
            self.limited = steps_per_second is not None
            self.gated = self.limited or self.held
            self._next_at = None
        self.wake()

    def step_once(self) -> None:
        """While paused: one optimizer step, then paused again."""
        with self._lock:
            self._steps_asked += 1
        self.wake()

    def epoch_once(self) -> None:
        """While paused: train to the end of the epoch under way (at the pace), then paused again."""
        with self._lock:
            self._epochs_asked += 1
        self.wake()

    def wake(self) -> None:
        """Something changed (the pace, a key, the stop or pause flag): a waiting loop looks again now."""
        self._woken.set()

    # ------------------------------------------------------------------ the training thread

    def hold(self, paused: bool) -> None:
        """The loop says it is paused (True) or goes on (False)."""
        with self._lock:
            self.held = paused
            self.gated = self.limited or paused

    def next_move(self, paused: bool, now: float) -> Move:
        """Before a step: go (GO or SINGLE) or wait. `now` is a monotonic clock's reading (tests pass their own)."""
        with self._lock:
            self.single_step = False
            if not paused:
                self._steps_asked = self._epochs_asked = 0  # keys meant for a pause that is over
            elif not self._epoch_running:
                if self._steps_asked:
                    self._steps_asked -= 1
                    self.single_step = True
                    return SINGLE
                if not self._epochs_asked:
                    return HOLD
                self._epochs_asked -= 1
                self._epoch_running, self._epoch_steps = True, 0
            if self.steps_per_second is not None:
                interval = 1.0 / self.steps_per_second
                if self._next_at is None or now - self._next_at > interval:  # the first step, or far behind: no catching up
                    self._next_at = now
                if self._next_at > now:
                    return Move(self._next_at - now)
                self._next_at += interval
            if self._epoch_running:
                self._epoch_steps += 1
            return GO

    def epoch_ended(self) -> None:
        """The loop finished an epoch: an epoch asked for is done once it has taken a step."""
        with self._lock:
            if self._epoch_running and self._epoch_steps:
                self._epoch_running = False

    def wait(self, seconds: float) -> None:
        """Wait up to `seconds` (at most MAX_NAP), less when woken."""
        self._woken.wait(min(seconds, MAX_NAP))
        self._woken.clear()
