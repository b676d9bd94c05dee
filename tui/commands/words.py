"""Words the commands print for values that files keep in English (a study's direction; a run's status is
tui.text.status_words'), and counts."""

from __future__ import annotations

from tui.core.i18n import N_, _, ngettext, number

DIRECTION_WORDS = {"minimize": N_("minimize"), "maximize": N_("maximize")}  # a study's direction


def direction_word(direction: str) -> str:
    return _(DIRECTION_WORDS[direction]) if direction in DIRECTION_WORDS else direction


def epochs(n: int) -> str:
    return ngettext("{count} epoch", "{count} epochs", n).format(count=number(n, ","))


def trials(n: int) -> str:
    return ngettext("{count} trial", "{count} trials", n).format(count=number(n, ","))


def runs(n: int) -> str:
    return ngettext("{count} run", "{count} runs", n).format(count=number(n, ","))
