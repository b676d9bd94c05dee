"""The lecture's numbers, reproduced by the engine (autograd checked against the hand derivation)."""

from __future__ import annotations

import pytest

from tests.factories import tiny_iris
from tui.core.config import load_config
from tui.core.plan import gd_kind, make_plan, steps_per_epoch
from tui.core.presets import resolve_preset

from .helpers import events_of, of_kind


def first_trace():
    cfg = load_config(resolve_preset("worked-example"), ["training.epochs=1"])
    return of_kind(events_of(cfg), "trace")[0], cfg


def test_worked_example_forward_pass_matches_the_lecture():
    trace, _ = first_trace()
    assert trace.forward["hidden1"][0] == pytest.approx([1.85, 1.48], abs=1e-6)
    assert trace.prediction[0] == pytest.approx(1.481, abs=1e-6)
    assert trace.loss == pytest.approx(0.1156805, abs=1e-7)


def test_worked_example_gradients_match_the_chain_rule_by_hand():
    trace, cfg = first_trace()
    x1, x2 = 2.0, 3.0
    h = [1.85, 1.48]
    w_out = [0.14, 0.15]
    d_pred = 1.481 - 1.0  # d/dpred of ½(pred − y)²
    d_hidden = [d_pred * w for w in w_out]  # linear activation: the derivative is 1
    assert [row[0] for row in trace.gradients["output.weight"]] == pytest.approx([d_pred * h[0], d_pred * h[1]], abs=1e-6)
    assert trace.gradients["output.bias"] == pytest.approx([d_pred], abs=1e-6)
    # Lecture notation x · W: row i = input i, column j = neuron j.
    expected = [[x1 * d_hidden[0], x1 * d_hidden[1]], [x2 * d_hidden[0], x2 * d_hidden[1]]]
    for row, want in zip(trace.gradients["hidden1.weight"], expected):
        assert row == pytest.approx(want, abs=1e-6)
    assert trace.gradients["hidden1.bias"] == pytest.approx(d_hidden, abs=1e-6)


def test_worked_example_update_is_w_minus_lr_times_gradient():
    trace, cfg = first_trace()
    lr = cfg.training.lr
    initial = cfg.model.init
    assert initial is not None
    for row0, grad_row, new_row in zip(initial[0].weight, trace.gradients["hidden1.weight"], trace.updated["hidden1.weight"]):
        assert new_row == pytest.approx([w - lr * g for w, g in zip(row0, grad_row)], abs=1e-6)
    assert trace.updated["output.bias"][0] == pytest.approx(1.0 - lr * trace.gradients["output.bias"][0], abs=1e-6)


def test_batch_gradient_is_the_average_of_the_per_example_gradients():
    # With MAE and targets far below the predictions, d loss / d w = x for each example,
    # so one batch-GD step with lr 1 moves the weights by minus the average of the two rows.
    g1 = [1.5, -2.0, 1.1, 0.4, -0.9]
    g2 = [1.2, 2.3, -1.1, -0.8, -0.7]
    cfg = tiny_iris(
        data={"dataset": "inline", "x": [g1, g2], "y": [-1000.0, -1000.0], "val_split": 0.0, "standardize": False},
        model={"hidden": [], "activation": "identity", "init": [{"weight": [[0.0]] * 5, "bias": [0.0]}]},
        training={"loss": "mae", "optimizer": "sgd", "lr": 1.0, "batch_size": "full", "epochs": 1, "trace": True},
    )
    trace = of_kind(events_of(cfg), "trace")[0]
    batch_gradient = [row[0] for row in trace.gradients["output.weight"]]
    assert batch_gradient == pytest.approx([1.35, 0.15, 0.0, -0.2, -0.8], abs=1e-6)


def test_steps_per_epoch_is_the_ceiling_of_examples_over_batch():
    assert steps_per_epoch(35000, 50) == 700
    plan = make_plan(200, 0, 5, 1000)
    assert (plan.steps_per_epoch, plan.total_steps) == (40, 40_000)
    assert steps_per_epoch(10, 3) == 4  # the last batch holds one example


@pytest.mark.parametrize(
    "batch, kind", [("full", "batch"), (200, "batch"), (1, "stochastic"), (5, "mini-batch"), (32, "mini-batch")]
)
def test_gradient_descent_kind_is_named_from_the_batch_size(batch, kind):
    assert make_plan(200, 0, batch, 1).gd_kind == kind
    assert gd_kind(200, make_plan(200, 0, batch, 1).batch_size) == kind


def test_trainer_announces_steps_of_the_lecture_example():
    x = [[float(i), float(i % 7)] for i in range(200)]
    cfg = tiny_iris(
        data={"dataset": "inline", "x": x, "y": [float(i % 3) for i in range(200)], "val_split": 0.0},
        model={"hidden": [4]},
        training={"loss": "mse", "optimizer": "sgd", "batch_size": 5, "epochs": 1000},
    )
    from tui.training.trainer import Trainer

    run = Trainer(cfg).run()
    started = next(run)
    run.close()  # only the announcement is needed
    assert (started.train_size, started.steps_per_epoch, started.total_steps, started.gd_kind) == (200, 40, 40_000, "mini-batch")


def test_iris_preset_loss_falls_like_the_lecture_log():
    cfg = load_config(resolve_preset("iris"))
    _zero, *epochs = of_kind(events_of(cfg), "epoch")
    assert len(epochs) == 100
    assert 0.9 < epochs[0].train_loss < 1.3  # the lecture starts at 1.095
    assert epochs[-1].train_loss < 0.1  # and ends near 0.06
    assert epochs[-1].val_accuracy > 0.9


def test_each_trace_names_its_step_its_epoch_and_the_learning_rate_it_used():
    cfg = load_config(resolve_preset("worked-example"), ["training.epochs=2"])
    traces = of_kind(events_of(cfg), "trace")
    # The worked example is one example, so one step per epoch.
    assert [(t.step, t.epoch, t.lr) for t in traces] == [(1, 1, cfg.training.lr), (2, 2, cfg.training.lr)]
