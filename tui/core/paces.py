"""Paces: how fast a run may take optimizer steps, so a person can watch it learn (docs/DESIGN.md §Pace and single steps).

A pace is a number of steps per second, or None for full speed. The app's `-` and `+` keys walk the ladder
below; a preset may name any pace (`[view] pace`), and the keys then go on from the nearest rung.
No torch here: the config, the app and the command line share these words.
"""

from __future__ import annotations

from typing import Any

from tui.core.i18n import N_, _, ngettext, number

FULL = "full"  # the config's and the pipe's word for full speed
LADDER: tuple[float | None, ...] = (None, 300.0, 100.0, 30.0, 10.0, 3.0, 1.0)  # fastest first
SLOWEST = LADDER[-1]
PACE_RULE = N_("must be a number of steps per second > 0, or {full!r}")


def as_pace(value: Any) -> float | None:
    """The pace a config or command-line value names: a number > 0 (steps/s) or "full" (None). ValueError otherwise."""
    if value == FULL:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        raise ValueError(PACE_RULE.format(full=FULL))
    return float(value)


def parse_pace(text: str) -> float | None:
    """`as_pace` for text ("30", "0.5", "full")."""
    text = text.strip()
    try:
        return as_pace(text if text == FULL else float(text))
    except ValueError:
        raise ValueError(N_("must be a number of steps per second > 0, or {full!r} (got {got!r})").format(
            full=FULL, got=text)) from None


def slower(pace: float | None) -> float | None:
    """The next rung down the ladder (the slowest stays)."""
    return next((rung for rung in LADDER if rung is not None and (pace is None or rung < pace)), SLOWEST)


def faster(pace: float | None) -> float | None:
    """The next rung up the ladder (full speed stays)."""
    if pace is None:
        return None
    return next((rung for rung in reversed(LADDER) if rung is not None and rung > pace), None)


def pace_text(pace: float | None) -> str:
    """'full speed', '30 steps/s', '1 step/s', '0.5 steps/s'."""
    if pace is None:
        return _("full speed")
    return ngettext("{pace} step/s", "{pace} steps/s", 1 if pace == 1 else 2).format(pace=number(pace, "g"))


def pace_word(pace: float | None) -> str:
    """How the pipe and the config write a pace: 'full' or the number ('30', '0.5')."""
    return FULL if pace is None else f"{pace:g}"
