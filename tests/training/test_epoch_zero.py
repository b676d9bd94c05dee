"""Epoch 0: the loss before the first update is the curves' first point, and nothing counts it as training."""

from __future__ import annotations

import math

from tests.factories import tiny_config
from tui.core.config import load_config
from tui.core.presets import resolve_preset
from tui.training.trainer import Trainer

from .helpers import events_of, of_kind


def test_multiclass_cross_entropy_starts_near_ln_10():
    cfg = load_config(resolve_preset("multiclass-cross-entropy")).model_copy(deep=True)
    cfg.training.epochs = 1
    zero, first = of_kind(events_of(cfg), "epoch")
    assert zero.epoch == 0 and zero.global_step == 0
    assert abs(zero.train_loss - math.log(10)) < 0.15 and abs(zero.val_loss - math.log(10)) < 0.15  # a uniform guess
    assert zero.train_accuracy < 0.3 and zero.val_accuracy < 0.3 and zero.val_f1 is not None
    assert first.epoch == 1 and first.train_loss < zero.train_loss


def test_epoch_0_comes_after_start_and_is_no_training_epoch():
    trainer = Trainer(tiny_config(epochs=3))
    events = list(trainer.run())
    assert [e.kind for e in events[:2]] == ["start", "epoch"] and events[1].epoch == 0
    assert len(trainer.history_train) == 3  # one loss per training epoch: epoch 0 is not among them
    improved = of_kind(events, "improved")
    assert improved[0].epoch == 1 and improved[0].previous is None  # the first best is epoch 1's, not the untrained model's
    assert events[-1].epochs == 3
