"""The explained derivation: the lecture's numbers exactly, and every other number equal to autograd's."""

from __future__ import annotations

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import tiny_iris
from tui.core.config import ACTIVATIONS, CLASSIFICATION_LOSSES, LOSSES, load_config
from tui.core.derivation import Layer
from tui.core.presets import resolve_preset
from tui.text.derivation_text import explanation_lines
from tui.training.derivation import Explainer, derive_step
from tui.training.model import ACTIVATION_LAYERS
from tui.training.objective import Objective

from .helpers import events_of, of_kind


def explained(preset: str, *overrides: str, steps: int = 1):
    return Explainer(load_config(resolve_preset(preset), list(overrides))).explain(steps)


# ---------------------------------------------------------------- the lecture's worked example


def test_worked_example_numbers_are_the_lectures():
    step = explained("worked-example").steps[0]
    (example,) = step.examples
    hidden, output = example.layers
    assert hidden.a == pytest.approx([1.85, 1.48], abs=1e-12)
    assert output.z == pytest.approx([1.481], abs=1e-12)
    assert example.loss == pytest.approx(0.1156805, abs=1e-12)
    assert [row[0] for row in output.grad_weight] == pytest.approx([0.88985, 0.71188], abs=1e-12)
    assert output.grad_bias == pytest.approx([0.481], abs=1e-12)
    assert hidden.grad_weight[0] == pytest.approx([0.13468, 0.1443], abs=1e-12)
    assert hidden.grad_weight[1] == pytest.approx([0.20202, 0.21645], abs=1e-12)
    assert hidden.grad_bias == pytest.approx([0.06734, 0.07215], abs=1e-12)
    assert step.updates[0].new == pytest.approx(0.11 - 0.05 * 0.13468, abs=1e-12)


def test_worked_example_is_written_as_the_lecture_writes_it():
    lines = list(explanation_lines(explained("worked-example")))
    text = "\n".join(lines)
    for expected in (
        "x · W1 + b1 = [2, 3] · [[0.11, 0.12], [0.21, 0.08]] + [1, 1] = [1.85, 1.48]",
        "z1[1] = 2 × 0.11 + 3 × 0.21 + 1 = 1.85",
        "z2[1] = 1.85 × 0.14 + 1.48 × 0.15 + 1 = 1.481",
        "E = ½(1.481 − 1)² = 0.1156805",
        "δ2[1] = dE/dŷ = 1.481 − 1 = 0.481",
        "dE/dW2[1,1] = 0.481 × 1.85 = 0.88985",
        "dE/dW2[2,1] = 0.481 × 1.48 = 0.71188",
        "dE/db2[1] = δ2[1] = 0.481",
        "δ1[1] = (0.481 × 0.14) × 1 = 0.06734",
        "dE/dW1[1,1] = 0.06734 × 2 = 0.13468",
        "dE/dW1[1,2] = 0.07215 × 2 = 0.1443",
        "dE/dW1[2,2] = 0.07215 × 3 = 0.21645",
        "dE/db1[2] = δ1[2] = 0.07215",
        "W2[1,1] = 0.14 − 0.05 × 0.88985 = 0.0955075",
    ):
        assert expected in text, expected
    assert "0.4809999" not in text and "1.8499999" not in text
    assert "Batch of" not in text  # one example: no mean to take
    assert "standardized" not in text  # the preset turns it off: the lecture's x = [2, 3]


def test_standardized_data_say_so():
    text = "\n".join(explanation_lines(explained("xor", "model.hidden=[2]")))
    assert "The data are shown standardized (data.standardize), as training sees them." in text


def test_batch_gradient_is_the_mean_of_the_examples_gradients():
    # The lecture's two gradients, made the gradients of two examples: with W = 0, b = 0, y = −1 and ½(ŷ − y)²,
    # δ = 1 and dE/dW[i] = x[i].
    g1, g2 = [1.5, -2.0, 1.1, 0.4, -0.9], [1.2, 2.3, -1.1, -0.8, -0.7]
    layers = [Layer(1, "output", [[0.0]] * 5, [0.0])]
    x, y = torch.tensor([g1, g2], dtype=torch.float64), torch.tensor([-1.0, -1.0], dtype=torch.float64)
    examples, mean_w, _ = derive_step(layers, "identity", "half_sse", x, y)
    assert [row[0] for row in examples[0].layers[0].grad_weight] == g1
    assert [row[0] for row in examples[1].layers[0].grad_weight] == g2
    assert [round(v, 12) for v in mean_w[0][:, 0].tolist()] == [1.35, 0.15, 0.0, -0.2, -0.8]


def test_the_gradient_averaging_preset_shows_each_example_and_the_mean():
    explanation = explained("gradient-averaging")
    text = "\n".join(explanation_lines(explanation))
    assert "Example 1 of 2" in text and "Example 2 of 2" in text
    # (the data set's loader put the second row first; the mean does not care)
    for line in ("dE/dW1[1,1] = (1.2 + 1.5) / 2 = 1.35", "dE/dW1[2,1] = (2.3 + (-2)) / 2 = 0.15",
                 "dE/dW1[3,1] = ((-1.1) + 1.1) / 2 = 0", "dE/dW1[4,1] = ((-0.8) + 0.4) / 2 = -0.2",
                 "dE/dW1[5,1] = ((-0.7) + (-0.9)) / 2 = -0.8"):  # fmt: skip
        assert line in text, line


def test_the_activation_preset_shows_relus_derivative_on_both_sides():
    text = "\n".join(explanation_lines(explained("activation-derivatives")))
    assert "relu'(z) = 1 if z > 0 else 0" in text
    assert ") × 0 = 0   (relu'(" in text and ") × 1 = " in text  # a unit off (no gradient through it) and one on


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_shows_its_derivative(activation):
    text = "\n".join(explanation_lines(explained("activation-derivatives", f"model.activation={activation!r}")))
    name = "linear" if activation == "identity" else activation
    assert f"{name}'(z" in text and f"h1[1] = {name}(" in text


# ---------------------------------------------------------------- the run it explains


def test_the_explained_steps_are_the_runs_steps():
    # Same data, initial weights, batch order and optimizer as training: after 3 steps the weights agree
    # with the Trainer's (float32) to float32's precision.
    overrides = ["model.hidden=[2]", "training.batch_size=4", "training.epochs=1", "training.optimizer='adam'"]
    explanation = explained("xor", *overrides, steps=3)
    config = load_config(resolve_preset("xor"), [*overrides, "training.trace=true", "training.device='cpu'"])
    trace = of_kind(events_of(config), "trace")[2]
    last = explanation.steps[2]
    by_name = {(u.layer, u.row, u.column): u.new for u in last.updates}
    for i, name in enumerate(("hidden1", "output"), start=1):
        for r, row in enumerate(trace.updated[f"{name}.weight"]):
            for c, value in enumerate(row):
                assert by_name[(i, r, c)] == pytest.approx(value, abs=1e-5)
        for c, value in enumerate(trace.updated[f"{name}.bias"]):
            assert by_name[(i, None, c)] == pytest.approx(value, abs=1e-5)


def test_steps_beyond_the_run_are_refused():
    with pytest.raises(Exception, match="--steps: the run has 10 optimizer steps"):
        explained("worked-example", steps=11)


# ---------------------------------------------------------------- every number is autograd's

floats = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw):
    loss = draw(st.sampled_from(LOSSES))
    n_in = draw(st.integers(1, 3))
    hidden = draw(st.lists(st.integers(1, 3), max_size=2))
    n_out = draw(st.integers(2, 3)) if loss == "cross_entropy" else 1
    widths = [n_in, *hidden, n_out]
    layers = [
        Layer(i + 1, f"l{i + 1}", draw(st.lists(st.lists(floats, min_size=b, max_size=b), min_size=a, max_size=a)),
              draw(st.lists(floats, min_size=b, max_size=b)))
        for i, (a, b) in enumerate(zip(widths, widths[1:]))
    ]  # fmt: skip
    batch = draw(st.integers(1, 4))
    x = draw(st.lists(st.lists(floats, min_size=n_in, max_size=n_in), min_size=batch, max_size=batch))
    if loss == "cross_entropy":
        target = draw(st.lists(st.integers(0, n_out - 1), min_size=batch, max_size=batch))
    elif loss == "bce":
        target = draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=batch, max_size=batch))
    elif loss == "hinge":
        target = draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=batch, max_size=batch))
    else:
        target = draw(st.lists(floats, min_size=batch, max_size=batch))
    return layers, draw(st.sampled_from(ACTIVATIONS)), loss, n_out, x, target


def autograd(layers, activation, loss_name, n_out, x, target):
    """Loss and each parameter's gradient from torch autograd, with the model's own activation and loss."""
    task = "classification" if loss_name in CLASSIFICATION_LOSSES else "regression"
    objective = Objective(task, loss_name, n_out if loss_name == "cross_entropy" else 2)
    params = [
        t
        for layer in layers
        for t in (torch.tensor(layer.weight, dtype=torch.float64, requires_grad=True),
                  torch.tensor(layer.bias, dtype=torch.float64, requires_grad=True))
    ]  # fmt: skip
    act = ACTIVATION_LAYERS[activation]()
    a = x
    for i in range(len(layers)):
        a = a @ params[2 * i] + params[2 * i + 1]
        if i < len(layers) - 1:
            a = act(a)
    loss = objective.loss(a, target)
    loss.backward()
    return float(loss.detach()), [p.grad.tolist() for p in params]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_explained_gradient_equals_autograds(problem):
    layers, activation, loss_name, n_out, x_rows, target_values = problem
    x = torch.tensor(x_rows, dtype=torch.float64)
    dtype = torch.long if loss_name == "cross_entropy" else torch.float64
    target = torch.tensor(target_values, dtype=dtype)
    examples, mean_w, mean_b = derive_step(layers, activation, loss_name, x, target)
    close = {"rel": 1e-9, "abs": 1e-9}
    # each example's gradient is autograd's for that example alone ...
    for k, example in enumerate(examples):
        loss, grads = autograd(layers, activation, loss_name, n_out, x[k : k + 1], target[k : k + 1])
        assert example.loss == pytest.approx(loss, **close)
        for i, values in enumerate(example.layers):
            assert values.grad_weight == [pytest.approx(row, **close) for row in grads[2 * i]]
            assert values.grad_bias == pytest.approx(grads[2 * i + 1], **close)
    # ... and the batch's gradient, their mean, is autograd's for the batch's loss
    loss, grads = autograd(layers, activation, loss_name, n_out, x, target)
    assert sum(e.loss for e in examples) / len(examples) == pytest.approx(loss, **close)
    for i in range(len(layers)):
        assert mean_w[i].tolist() == [pytest.approx(row, **close) for row in grads[2 * i]]
        assert mean_b[i].tolist() == pytest.approx(grads[2 * i + 1], **close)


def test_the_factory_config_explains_too():
    # A preset-free config: the tests' tiny iris with a 4-2-3 network (25 parameters), one step of 16 examples.
    config = tiny_iris(model={"hidden": [2]})
    step = Explainer(config).explain(1).steps[0]
    assert len(step.examples) == 16 and len(step.mean_grad_weight) == 2
