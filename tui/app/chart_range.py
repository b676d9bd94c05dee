"""The y-range of a single-run chart: never narrower than a fixed share of the values' size.

Auto-zoom with no minimum span draws noise as a cliff: a loss flat at 0.6931 ± 0.0004 filled the
whole height as a zig-zag, and a loss going from 0.70 to 0.68 looked as steep as one going from 0.71
to 0.02. With a floor on the span relative to the values, a flat series draws flat and a small
change looks small, while a real fall still fills the chart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from tui.core.i18n import DEFAULT_LANGUAGE, language, number

MIN_SPAN_FRACTION = 0.2  # the drawn span is at least this share of the largest magnitude on the chart
EMPTY_SPAN = 1.0  # the span around a series that is all zeros


def y_range(values: Iterable[float], min_fraction: float = MIN_SPAN_FRACTION) -> tuple[float, float] | None:
    """(low, high) for the finite `values`, widened about their middle to the minimum span; None when none is finite.

    Values that are all non-negative (a loss, an accuracy, an error) keep a non-negative range: the span
    is then widened upwards rather than below zero.
    """
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return None
    low, high = min(finite), max(finite)
    magnitude = max(abs(low), abs(high))
    span = max(high - low, min_fraction * magnitude) or EMPTY_SPAN
    middle = (low + high) / 2
    bottom, top = middle - span / 2, middle + span / 2
    if low >= 0 > bottom:
        bottom, top = 0.0, span
    return bottom, top


WIDE_LABELS = 1e4  # from here plotext's tick labels grow long (a diverged loss: 86224910484622478359894007713103872)


def short_ticks(low: float, high: float, count: int = 5) -> tuple[list[float], list[str]] | None:
    """Evenly spaced y ticks with 3-significant-digit labels (8.62e+34) when plotext's would crowd out the plot, or
    when the reader's decimal mark is not plotext's point (0,549 in Spanish); else None (plotext's own)."""
    if max(abs(low), abs(high)) < WIDE_LABELS and language() == DEFAULT_LANGUAGE:
        return None
    ticks = [low + (high - low) * i / (count - 1) for i in range(count)]
    return ticks, [number(tick, ".3g") for tick in ticks]
