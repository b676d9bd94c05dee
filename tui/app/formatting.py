"""Small text helpers for the training screen: bars that read without colour, durations, rates, numbers in the
reader's marks (docs/DESIGN.md §Languages)."""

from __future__ import annotations

import math

from tui.core.i18n import number

SIGNIFICANT_DIGITS = 3  # a tuned learning rate reads 0.0142, not 0.014249271...


def as_written(value: object) -> object:
    """A searched value as a person would write it into a form: floats to 3 significant digits, the rest as is."""
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    return value


def text_bar(done: float, total: float, width: int) -> str:
    """'█████·····': the filled part is a different character, so it reads with NO_COLOR too."""
    if width <= 0:
        return ""
    fraction = 0.0 if total <= 0 else min(max(done / total, 0.0), 1.0)
    filled = int(fraction * width)
    return "█" * filled + "·" * (width - filled)


def duration(seconds: float | None) -> str:
    """12:05 or 1:02:03; '--:--' when unknown."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "--:--"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def rate(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    return number(value, ",.0f") if value >= 100 else number(value, ",.1f")


def megabytes(n_bytes: int | None) -> str:
    return "" if n_bytes is None else f"{number(n_bytes / 2**20, ',.0f')} MiB"


def grouped(count: int) -> str:
    """A count with the reader's thousands mark: 1,234 (1.234 in Spanish)."""
    return number(count, ",")


def decimals(value: float | None, digits: int = 4) -> str:
    """A metric as the panels show it, in the reader's marks ('-' before there is one)."""
    return "-" if value is None else number(value, f".{digits}f")
