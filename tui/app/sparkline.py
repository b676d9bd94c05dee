"""A chart one line high: the learning rate's recent course in the progress panel."""

from __future__ import annotations

import math
from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """One block per value, its height on a log scale between the values' own least and greatest ('' for none)."""
    logs = [math.log10(v) for v in values if v > 0 and math.isfinite(v)]
    if not logs:
        return ""
    low, high = min(logs), max(logs)
    if high - low < 1e-12:
        return BLOCKS[-1] * len(logs)  # a constant lr: a flat top line
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[round((v - low) / (high - low) * top)] for v in logs)
