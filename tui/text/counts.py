"""A count with its noun in the right number: "1 epoch", "2 epochs", "1,000 steps"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` with `noun` (thousands separated), plural unless `n` is 1; `plural` for nouns that do not just add an s."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
