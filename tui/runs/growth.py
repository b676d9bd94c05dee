"""Which epochs a very long run records line by line, so that its folder stops growing by ~465 bytes an epoch.

Every epoch up to 10 000; then every 10th up to 100 000, every 100th up to a million, and so on: at most
9 000 more rows a decade, so even 2^63 epochs keep metrics.csv near 20 MB (under its read cap). Charts and
listings read the rows they find; the epochs in between are left out of metrics.csv, events.jsonl and
TensorBoard alike (the run's summary, best weights and checkpoint are unaffected).
"""

from __future__ import annotations

FULL_EPOCHS = 10_000


def recorded(epoch: int) -> bool:
    step, limit = 1, FULL_EPOCHS
    while epoch > limit:
        step, limit = step * 10, limit * 10
    return epoch % step == 0
