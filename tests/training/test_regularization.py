"""Dropout, weight decay, gradient clipping and initial weights do what their keys say, and zeros says why it fails."""

from __future__ import annotations

import pytest
import torch

from tests.factories import tiny_iris, with_changes
from tests.training.helpers import events_of, of_kind
from tui.core.config import validate_config
from tui.core.errors import ConfigError
from tui.text.notices import notice_text
from tui.training.derivation import Explainer
from tui.training.model import build_model
from tui.training.optim import build_optimizer
from tui.training.scoring import evaluate
from tui.training.trainer import Trainer


def test_dropout_is_active_in_training_only():
    trainer = Trainer(tiny_iris(model={"hidden": [32], "dropout": 0.5}, training={"epochs": 3}, early_stopping={"restore_best": False}))
    epochs = of_kind(list(trainer.run()), "epoch")
    model = trainer.model
    assert model is not None and [type(m).__name__ for m in model] == ["Linear", "ReLU", "Dropout", "Linear"]
    again = evaluate(model, trainer.objective, trainer.x_val, trainer.t_val, trainer.y_val, target_scale=1.0)
    assert not model.training and again["loss"] == pytest.approx(epochs[-1].val_loss, rel=1e-6), "validation: no dropout"
    model.train()
    with torch.no_grad():
        masked = [float(trainer.objective.loss(model(trainer.x_train), trainer.t_train)) for _ in range(2)]
    assert masked[0] != masked[1], "training: a new random mask each step"


def one_step(optimizer: str, weight_decay: float) -> tuple[torch.Tensor, torch.Tensor]:
    """A weight of 1 with gradient 0.5 after one step: (new value, the same step without decay)."""
    results = []
    for wd in (weight_decay, 0.0):
        config = validate_config({"training": {"optimizer": optimizer, "lr": 0.1, "weight_decay": wd}}).training
        weight = torch.nn.Parameter(torch.ones(3))
        weight.grad = torch.full((3,), 0.5)
        build_optimizer(config, [weight], torch.device("cpu")).step()
        results.append(weight.detach())
    return results[0], results[1]


def test_weight_decay_is_decoupled_for_adamw_and_l2_for_sgd():
    decayed, plain = one_step("adamw", 0.5)
    assert decayed == pytest.approx(plain - 0.1 * 0.5 * 1.0)  # w ← w − lr·wd·w, apart from the gradient's step
    decayed, plain = one_step("sgd", 0.5)
    assert decayed == pytest.approx(1.0 - 0.1 * (0.5 + 0.5 * 1.0))  # the gradient gains wd·w
    assert plain == pytest.approx(1.0 - 0.1 * 0.5)


def first_step_change(grad_clip: float) -> float:
    config = tiny_iris(training={"optimizer": "sgd", "lr": 1.0, "batch_size": "full", "epochs": 1, "grad_clip": grad_clip})
    trainer = Trainer(config)
    trainer.setup()
    assert trainer.model is not None
    before = [p.detach().clone() for p in trainer.model.parameters()]
    list(trainer.run())
    return float(torch.sqrt(sum(((p.detach() - b) ** 2).sum() for p, b in zip(trainer.model.parameters(), before))))


def test_grad_clip_bounds_the_gradients_norm():
    assert first_step_change(0.0) > 0.05
    assert first_step_change(0.01) == pytest.approx(0.01, rel=1e-4)  # lr 1 × a gradient clipped to norm 0.01


@pytest.mark.parametrize("init", ["xavier", "he", "zeros"])
def test_weight_init_sets_the_starting_weights(init):
    torch.manual_seed(0)
    model = build_model(tiny_iris(model={"weight_init": init}).model, 4, 3)
    linear = [m for m in model if isinstance(m, torch.nn.Linear)]
    assert all(float(m.bias.abs().sum()) == 0 for m in linear)
    assert all(float(m.weight.abs().sum()) == 0 for m in linear) == (init == "zeros")


def test_zero_init_trains_and_says_why_it_fails():
    events = events_of(tiny_iris(model={"hidden": [8], "weight_init": "zeros"}, training={"epochs": 5}))
    assert events[-1].reason == "completed"
    (tied,) = of_kind(events, "symmetric")
    assert (tied.epoch, tied.layers, tied.units) == (1, ["hidden1"], [8])
    assert "all 8 units of hidden1 are still identical" in notice_text(tied)
    assert not of_kind(events_of(tiny_iris(training={"epochs": 2})), "symmetric"), "random weights: no notice"


@pytest.mark.parametrize("change, key", [
    ({"model": {"dropout": 0.2}}, "model.dropout"),
    ({"training": {"grad_clip": 1.0}}, "training.grad_clip"),
    ({"training": {"schedule": {"kind": "exponential", "gamma": 0.9}}}, "training.schedule"),
])
def test_explain_refuses_what_it_does_not_derive(change, key):
    with pytest.raises(ConfigError, match=rf"^{key}: explain derives"):
        Explainer(with_changes(tiny_iris(model={"hidden": [2]}), **change))
