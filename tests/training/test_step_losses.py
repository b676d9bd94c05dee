"""The step view's losses: kept on the device, read back as a bounded, evenly spread batch that ends at the newest step."""

from __future__ import annotations

import torch

from tui.training.step_losses import StepLossBuffer, even_sample


def test_a_batch_of_many_steps_is_an_even_sample_ending_at_the_newest():
    buffer = StepLossBuffer(points=64)
    for step in range(101, 1101):
        buffer.add(step, torch.tensor(float(step)))
    batch = buffer.take(epoch=3)
    assert batch is not None and batch.epoch == 3 and len(batch.steps) == 64
    assert batch.steps[0] == 101 and batch.steps[-1] == 1100 and batch.losses == [float(s) for s in batch.steps]
    assert buffer.take(epoch=3) is None  # nothing kept since


def test_a_few_steps_go_whole_and_a_recent_batch_waits_when_only_due_ones_are_asked_for():
    buffer = StepLossBuffer(seconds=3600)
    buffer.add(1, torch.tensor(0.5))
    assert buffer.take(1, when_due=True) is None
    assert buffer.take(1).losses == [0.5]
    assert even_sample(3, 64) == [0, 1, 2] and even_sample(10, 1) == [9]
