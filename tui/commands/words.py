"""Words the commands print for values that files keep in English (a run's status, a trial's state), and counts."""

from __future__ import annotations

from tui.core.i18n import N_, _, ngettext, number
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

# The English word is the value itself, as events.jsonl and summary.json write it.
STATE_WORDS = {
    COMPLETED: N_("completed"), EARLY_STOP: N_("early_stop"), DIVERGED: N_("diverged"), STOPPED: N_("stopped"),
    FAILED: N_("failed"), RUNNING: N_("running"), INTERRUPTED: N_("interrupted"), DAMAGED: N_("damaged"),
    TRIAL_COMPLETE: N_("complete"), TRIAL_PRUNED: N_("pruned"),
}
DIRECTION_WORDS = {"minimize": N_("minimize"), "maximize": N_("maximize")}  # a study's direction


def state_word(state: str) -> str:
    """A run's status or a trial's state in the reader's language (an unknown one as it is)."""
    return _(STATE_WORDS[state]) if state in STATE_WORDS else state


def direction_word(direction: str) -> str:
    return _(DIRECTION_WORDS[direction]) if direction in DIRECTION_WORDS else direction


def epochs(n: int) -> str:
    return ngettext("{count} epoch", "{count} epochs", n).format(count=number(n, ","))


def trials(n: int) -> str:
    return ngettext("{count} trial", "{count} trials", n).format(count=number(n, ","))


def runs(n: int) -> str:
    return ngettext("{count} run", "{count} runs", n).format(count=number(n, ","))
