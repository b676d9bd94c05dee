"""A count with its noun in the right number: "1 epoch", "2 epochs", "1,000 steps" (in Spanish "1.000 pasos")."""

from __future__ import annotations

from collections.abc import Callable

from tui.core.i18n import ngettext, number

# The nouns counted, each with both English forms written out so that the catalogue has them (pybabel reads
# the ngettext calls); the reader's language picks the form for n. The count is inside the message, so a noun
# counted here is another message than the same word alone (a column's title).
NOUNS: dict[str, Callable[[int], str]] = {
    "epoch": lambda n: ngettext("{n} epoch", "{n} epochs", n),
    "step": lambda n: ngettext("{n} step", "{n} steps", n),
    "example": lambda n: ngettext("{n} example", "{n} examples", n),
    "validation example": lambda n: ngettext("{n} validation example", "{n} validation examples", n),  # not translated: the key
    "parameter": lambda n: ngettext("{n} parameter", "{n} parameters", n),
    "thread": lambda n: ngettext("{n} thread", "{n} threads", n),
    "trial": lambda n: ngettext("{n} trial", "{n} trials", n),
    "run": lambda n: ngettext("{n} run", "{n} runs", n),
}


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` with `noun` (thousands separated), plural unless `n` is 1; `plural` for nouns that do not just add an s."""
    forms = NOUNS.get(noun)
    if forms is None:
        return f"{number(n, ',')} {noun if n == 1 else plural or noun + 's'}"  # a noun not listed above stays English
    return forms(n).format(n=number(n, ","))
