"""Keeping resume.pt's loss histories bounded: a long run stores its first loss and its recent ones only.

What a resume reads from the histories: the first training loss (the divergence bound and the diagnosis's
"not learning" test), the last RECENT epochs of both (the diagnosis's window) and their count (the epoch
numbers). The epochs in between are left out and counted in `history_skipped`, so a run of any length
resumes exactly as before while its checkpoint stays the size of KEPT_RECENT epochs (~20 kB of losses).
"""

from __future__ import annotations

from typing import Any

from tui.training.diagnose import RECENT

KEPT_RECENT = 1_000  # epochs kept at the end of each history: the diagnosis reads the last RECENT of them
assert KEPT_RECENT >= RECENT


def compact(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with histories cut to their first loss and last KEPT_RECENT ones (a new dict; lists not changed)."""
    train, val = snapshot["history_train"], snapshot["history_val"]
    if len(train) <= 1 + KEPT_RECENT:
        return snapshot
    dropped = len(train) - 1 - KEPT_RECENT
    return {**snapshot, "history_train": [train[0], *train[-KEPT_RECENT:]], "history_val": [val[0], *val[-KEPT_RECENT:]],
            "history_skipped": snapshot.get("history_skipped", 0) + dropped}


def history_problem(payload: dict[str, Any]) -> str:
    """Whether the histories hold one loss per epoch (those left out counted); '' when they do."""
    epoch, skipped = payload["epoch"], payload.get("history_skipped", 0)
    for name in ("history_train", "history_val"):
        if len(payload[name]) + skipped != epoch:  # the divergence bound and the diagnosis index them
            left_out = f" ({skipped} left out)" if skipped else ""  # not translated: a detail of a damaged checkpoint
            return f"bad {name!r}: {len(payload[name])} losses for {epoch} epochs{left_out}"  # not translated: as above
    if skipped and len(payload["history_train"]) < 1 + RECENT:
        kept = 1 + RECENT
        return f"bad 'history_skipped': {skipped} epochs left out but fewer than {kept} losses kept"  # not translated: as above
    return ""
