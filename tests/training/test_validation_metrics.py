"""The validation metrics are the model's on the validation split, not the training split's or a stale model's."""

from __future__ import annotations

import pytest
import torch

from tests.factories import tiny_iris
from tui.core.events import EpochEnded
from tui.training.trainer import Trainer


def test_val_accuracy_is_the_last_models_accuracy_on_the_validation_split():
    # restore_best off and no early stopping: the model the run hands back is the last epoch's.
    trainer = Trainer(tiny_iris(training={"epochs": 6}, early_stopping={"patience": 0, "restore_best": False}))
    epochs = [e for e in trainer.run() if isinstance(e, EpochEnded)]
    with torch.no_grad():
        trainer.model.eval()
        predicted = trainer.model(trainer.x_val).argmax(dim=1)
    right = int((predicted == trainer.y_val).sum())
    assert epochs[-1].val_accuracy == pytest.approx(right / len(trainer.y_val), abs=1e-6)  # a float32 mean
    # Iris holds out 30 examples: every validation accuracy is a whole number of them.
    assert all(abs(e.val_accuracy * 30 - round(e.val_accuracy * 30)) < 1e-4 for e in epochs)
    assert [e.val_accuracy for e in epochs] != [e.train_accuracy for e in epochs]
