"""The lecture's arithmetic about a run, at its edges: validation size, steps, the kind of gradient descent, batch
size, parameter count and the printed model."""

from __future__ import annotations

import pytest

from tui.core.plan import describe_model, gd_kind, make_plan, parameter_count, resolve_batch_size, steps_per_epoch, validation_size


@pytest.mark.parametrize("n, split, held_out", [
    (150, 0.2, 30),
    (10, 0.0, 0),  # no validation asked for
    (1, 0.5, 0),  # one example cannot be split
    (2, 0.01, 1),  # at least one
    (10, 0.01, 1),  # at least one, not two
    (10, 0.99, 9),  # at most n - 1
    (10, 0.25, 2),  # 2.5 rounds to even
    (10, 0.35, 4),  # 3.5 rounds to even
])
def test_validation_size(n, split, held_out):
    assert validation_size(n, split) == held_out


@pytest.mark.parametrize("train, batch, steps", [(120, 120, 1), (120, 32, 4), (96, 32, 3), (5, 1, 5), (0, 8, 0), (0, 0, 0)])
def test_steps_per_epoch_is_the_ceiling(train, batch, steps):
    assert steps_per_epoch(train, batch) == steps


@pytest.mark.parametrize("train, batch, kind", [(120, 120, "batch"), (120, 500, "batch"), (120, 1, "stochastic"),
                                                (1, 1, "batch"), (120, 2, "mini-batch"), (120, 119, "mini-batch")])
def test_gd_kind_uses_the_lectures_names(train, batch, kind):
    assert gd_kind(train, batch) == kind


@pytest.mark.parametrize("batch, train, resolved", [("full", 120, 120), ("full", 0, 1), (32, 120, 32), (500, 120, 120),
                                                    (0, 120, 1), (8, 0, 1)])
def test_resolve_batch_size(batch, train, resolved):
    assert resolve_batch_size(batch, train) == resolved


def test_parameter_count_is_weights_plus_biases():
    assert parameter_count(4, [8], 3) == 4 * 8 + 8 + 8 * 3 + 3
    assert parameter_count(2, [], 1) == 3
    assert parameter_count(20, [64, 64], 1) == 20 * 64 + 64 + 64 * 64 + 64 + 64 + 1


def test_the_model_is_printed_like_the_lectures():
    assert describe_model(4, [8, 6], 3, "relu") == "\n".join([
        "MLP(",
        "  (hidden1): Linear(in_features=4, out_features=8, bias=True)",
        "  (act1): relu",
        "  (hidden2): Linear(in_features=8, out_features=6, bias=True)",
        "  (act2): relu",
        "  (output): Linear(in_features=6, out_features=3, bias=True)",
        ")  115 parameters",
    ])
    assert describe_model(2, [2], 1, "identity").splitlines()[2] == "  (output): Linear(in_features=2, out_features=1, bias=True)"
    assert describe_model(1000, [1000], 1, "tanh").endswith(")  1,002,001 parameters")


def test_a_plan_multiplies_steps_by_epochs():
    plan = make_plan(120, 30, 32, 10)
    assert (plan.batch_size, plan.steps_per_epoch, plan.total_steps, plan.gd_kind) == (32, 4, 40, "mini-batch")
    assert make_plan(120, 30, "full", 7).total_steps == 7
