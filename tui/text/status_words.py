"""How a run or a trial stands, in the reader's language where a table shows it.

The words themselves (tui.core.vocabulary) stay English in events, run files and the runs listing; the app's
screens and the commands translate them only where they show them (docs/DESIGN.md §Languages).
"""

from __future__ import annotations

from tui.core.i18n import N_, _
from tui.core.vocabulary import (
    COMPLETED,
    DAMAGED,
    DIVERGED,
    EARLY_STOP,
    FAILED,
    INTERRUPTED,
    RUNNING,
    STOPPED,
    TRIAL_COMPLETE,
    TRIAL_PRUNED,
)

WAITING = "waiting"  # a sweep's run that has not started yet
SHOWN = {
    COMPLETED: N_("completed"),
    EARLY_STOP: N_("early_stop"),
    DIVERGED: N_("diverged"),
    STOPPED: N_("stopped"),
    FAILED: N_("failed"),
    RUNNING: N_("running"),
    INTERRUPTED: N_("interrupted"),
    DAMAGED: N_("damaged"),
    TRIAL_COMPLETE: N_("complete"),
    TRIAL_PRUNED: N_("pruned"),
    WAITING: N_("waiting"),
}


def status_word(word: str) -> str:
    """A run's or a trial's status as the reader reads it (a word nn-tui does not know: as it is)."""
    return _(SHOWN[word]) if word in SHOWN else word


def widest(words: tuple[str, ...]) -> int:
    """The most columns any of `words` takes as shown: a table column fits the longest in the reader's language."""
    return max(len(status_word(word)) for word in words)
