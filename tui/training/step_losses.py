"""Per-step training losses for the step view, collected on the device and read a batch at a time.

Reading a loss back every step would sync the host with the device every step (docs/DESIGN.md §Speed).
So each step only keeps its loss tensor; every `BATCH_SECONDS` (and before a divergence or the end) an
even sample of the kept ones, with the newest always in it, is stacked and read back in one transfer.
"""

from __future__ import annotations

import time

import torch

from tui.core.events import StepLosses

BATCH_SECONDS = 0.25  # how often a batch is read and sent: the chart moves several times a second
POINTS_PER_BATCH = 64  # at most this many steps per batch; the chart keeps at most 512 over the run


class StepLossBuffer:
    def __init__(self, points: int = POINTS_PER_BATCH, seconds: float = BATCH_SECONDS) -> None:
        self.points = points
        self.seconds = seconds
        self.first_step = 0
        self.losses: list[torch.Tensor] = []
        self.sent_at = time.perf_counter()

    def add(self, global_step: int, loss: torch.Tensor) -> None:
        """Keep this step's loss (no host sync)."""
        if not self.losses:
            self.first_step = global_step
        self.losses.append(loss.detach())

    def take(self, epoch: int, *, when_due: bool = False) -> StepLosses | None:
        """The kept steps as one event (None when there are none, or `when_due` and the last batch is recent)."""
        now = time.perf_counter()
        if not self.losses or (when_due and now - self.sent_at < self.seconds):
            return None
        count = len(self.losses)
        picks = even_sample(count, self.points)
        values = torch.stack([self.losses[i] for i in picks]).double().cpu().tolist()  # one transfer for the batch
        steps = [self.first_step + i for i in picks]
        self.losses = []
        self.sent_at = now
        return StepLosses(epoch, steps, values)


def even_sample(count: int, most: int) -> list[int]:
    """Indices of at most `most` of `count` items, evenly spread, the first and the last among them."""
    if count <= most:
        return list(range(count))
    if most < 2:
        return [count - 1]
    return sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})
