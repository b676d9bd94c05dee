"""A derived step (tui.core.derivation) written out as the lecture writes it: one line per record.

x · W + b with a row per input and a column per neuron, indices from 1 (W2[1,1]), every gradient as
its chain-rule product with the numbers, every update as w − lr × g. Numbers are rounded to 7
significant digits, so float64's 1.8499999999999999 reads 1.85, as the lecture's does.
"""

from __future__ import annotations

from collections.abc import Iterator

from tui.core.derivation import ExampleDerivation, Explanation, LayerValues, StepDerivation, Update
from tui.core.i18n import N_, _, ngettext

EXAMPLES_SHOWN = 3  # a batch's examples written out in full; the rest are summed into the mean only

# activation → (h = f(z), f'(z)): the formulas shown beside the numbers
ACTIVATION_FORMULAS = {
    "identity": ("linear(z) = z", "linear'(z) = 1"),
    "relu": ("relu(z) = max(0, z)", "relu'(z) = 1 if z > 0 else 0"),
    "leaky_relu": ("leaky_relu(z) = z if z > 0 else 0.01·z", "leaky_relu'(z) = 1 if z > 0 else 0.01"),
    "sigmoid": ("σ(z) = 1 / (1 + e^−z)", "σ'(z) = σ(z)·(1 − σ(z))"),
    "tanh": ("tanh(z)", "tanh'(z) = 1 − tanh(z)²"),
    "gelu": ("gelu(z) = z·Φ(z)", "gelu'(z) = Φ(z) + z·φ(z)"),
}
ACTIVATION_NAMES = {"identity": "linear"}

# loss → (E per example, dE/dz of the output): z is the output layer's value, ŷ = z for regression
LOSS_FORMULAS = {
    "half_sse": ("E = ½(ŷ − y)²", "dE/dŷ = ŷ − y"),
    "mse": ("E = (ŷ − y)²", "dE/dŷ = 2(ŷ − y)"),
    "mae": ("E = |ŷ − y|", "dE/dŷ = sign(ŷ − y)"),
    "huber": ("E = ½(ŷ − y)² if |ŷ − y| < 1 else |ŷ − y| − ½", "dE/dŷ = ŷ − y if |ŷ − y| < 1 else sign(ŷ − y)"),  # not translated: math
    "bce": ("p = σ(z), E = −[y·log p + (1 − y)·log(1 − p)]", "dE/dz = p − y"),
    "hinge": ("t = ±1, E = max(0, 1 − t·z)", "dE/dz = −t if 1 − t·z ≥ 0 else 0"),
    "cross_entropy": ("p = softmax(z), E = −log p[y]", "dE/dz[k] = p[k] − (1 if k = y else 0)"),
}
OPTIMIZER_RULES = {  # translated where written
    "sgd": N_("SGD with momentum or weight decay: the step uses the velocity, not g alone"),
    "adam": N_("Adam: the step is lr × m̂ / (√v̂ + ε), from the running means of g and g²"),
    "adamw": N_("AdamW: Adam's step plus the weight decay"),
    "rmsprop": N_("RMSprop: the step is lr × g / (√(running mean of g²) + ε)"),
    "adagrad": N_("Adagrad: the step is lr × g / (√(sum of all g²) + ε)"),
}


def number(value: float) -> str:
    """7 significant digits, no trailing zeros: 0.481, 1, 0.1156805."""
    text = f"{value:.7g}"
    return "0" if text == "-0" else text


def vector(values: list[float]) -> str:
    return "[" + ", ".join(number(v) for v in values) + "]"


def matrix(rows: list[list[float]]) -> str:
    return "[" + ", ".join(vector(row) for row in rows) + "]"


def signed(value: float) -> str:
    """A number inside a sum: parenthesised when negative, as one writes 2 × (−0.5)."""
    return f"({number(value)})" if value < 0 else number(value)


def activation_name(activation: str) -> str:
    return ACTIVATION_NAMES.get(activation, activation)


def inputs_symbol(layer: int) -> str:
    return "x" if layer == 1 else f"h{layer - 1}"


def explanation_lines(explanation: Explanation, shown: int | None = EXAMPLES_SHOWN) -> Iterator[str]:
    """The whole derivation. A batch of more than `shown` examples (None: no limit) shows the first
    `shown` in full, says how many more there are, and writes each mean with its first terms only."""
    yield ngettext(
        "{name}: {parameters} parameters, {size} training example, batch size {batch}. "
        "Computed in float64, shown to 7 significant digits.",
        "{name}: {parameters} parameters, {size} training examples, batch size {batch}. "
        "Computed in float64, shown to 7 significant digits.",
        explanation.train_size,
    ).format(name=explanation.name, parameters=explanation.parameters, size=explanation.train_size, batch=explanation.batch_size)
    if explanation.standardized:
        yield _("The data are shown standardized (data.standardize), as training sees them.")
    for step in explanation.steps:
        yield ""
        yield from step_lines(step, shown)


def step_lines(step: StepDerivation, shown: int | None = EXAMPLES_SHOWN) -> Iterator[str]:
    n = len(step.examples)
    yield ngettext(
        "Step {step} (epoch {epoch}, batch {batch} of {batches}): {n} example, loss {loss}, optimizer {optimizer}, lr {lr}",
        "Step {step} (epoch {epoch}, batch {batch} of {batches}): {n} examples, loss {loss}, optimizer {optimizer}, lr {lr}",
        n,
    ).format(
        step=step.step, epoch=step.epoch, batch=step.batch, batches=step.batches, n=n, loss=step.loss_name, optimizer=step.optimizer,
        lr=number(step.lr),
    )
    yield _("Weights before the step, written x · W + b (a row per input, a column per neuron):")
    for layer in step.layers:
        yield f"  W{layer.index} ({layer.name}) = {matrix(layer.weight)}   b{layer.index} = {vector(layer.bias)}"
    if len(step.layers) > 1:
        f, slope = ACTIVATION_FORMULAS[step.activation]
        yield _("Hidden activation: {formula}; its derivative {derivative}").format(formula=f, derivative=slope)
    loss, derivative = LOSS_FORMULAS[step.loss_name]
    yield _("Loss per example: {loss}; {derivative}. The batch's loss and gradient are the mean over its examples.").format(
        loss=loss, derivative=derivative
    )
    for k, example in enumerate(step.examples[:shown], start=1):
        yield from example_lines(step, example, k, n)
    if shown is not None and n > shown:
        yield _("... {more} more examples, each derived as above (--all-examples shows every one)").format(more=n - shown)
    if n > 1:
        yield from mean_lines(step, shown)
    yield from update_lines(step)


def example_lines(step: StepDerivation, example: ExampleDerivation, k: int, n: int) -> Iterator[str]:
    last = len(example.layers)
    y = number(example.target)
    if step.loss_name == "cross_entropy":
        y += _(" (a class index: column {column} of p)").format(column=int(example.target) + 1)
    elif step.loss_name == "hinge":
        y += _(" (hinge's t: the class as −1 or +1)")
    yield _("Example {example} of {examples}: x = {x}, y = {y}").format(example=k, examples=n, x=vector(example.x), y=y)
    for i, values in enumerate(example.layers, start=1):
        yield from forward_lines(step, values, i, last)
    yield from loss_lines(step.loss_name, example, last)
    for i in range(last, 0, -1):
        yield from backward_lines(step, example, i, last)


def forward_lines(step: StepDerivation, values: LayerValues, i: int, last: int) -> Iterator[str]:
    yield forward_layer_line(step, values, i, last)
    for j in range(len(values.z)):
        yield "    " + unit_line(step, values, i, j, last)


def forward_layer_line(step: StepDerivation, values: LayerValues, i: int, last: int) -> str:
    layer = step.layers[i - 1]
    out = f"z{i}" if i == last else f"h{i}"
    kind = "" if i == last else f", {activation_name(step.activation)}"
    formula = (
        f"{inputs_symbol(i)} · W{i} + b{i} = {vector(values.inputs)} · {matrix(layer.weight)} + {vector(layer.bias)} = {vector(values.z)}"
        + ("" if i == last else f"; {out} = {vector(values.a)}")
    )
    return "  " + _("Forward, layer {layer} ({name}): {formula}").format(layer=i, name=layer.name + kind, formula=formula)


def unit_line(step: StepDerivation, values: LayerValues, i: int, j: int, last: int) -> str:
    """Unit j of layer i (0-based j): its weighted sum, then its activation."""
    layer = step.layers[i - 1]
    terms = " + ".join(f"{signed(a)} × {signed(row[j])}" for a, row in zip(values.inputs, layer.weight))
    line = f"z{i}[{j + 1}] = {terms} + {signed(layer.bias[j])} = {number(values.z[j])}"
    if i != last:
        line += f"   h{i}[{j + 1}] = {activation_name(step.activation)}({number(values.z[j])}) = {number(values.a[j])}"
    return line


def loss_lines(loss_name: str, example: ExampleDerivation, last: int) -> Iterator[str]:
    out = example.layers[-1]
    z, y, e = out.z, example.target, number(example.loss)
    d = out.delta
    if loss_name in ("half_sse", "mse", "mae", "huber"):
        yhat, diff = number(z[0]), number(z[0] - y)
        formula = {
            "half_sse": f"½({yhat} − {number(y)})²",
            "mse": f"({yhat} − {number(y)})²",
            "mae": f"|{yhat} − {number(y)}|",
            "huber": f"huber({yhat} − {number(y)}) = huber({diff})",
        }[loss_name]
        yield "  " + loss_line(f"ŷ = z{last}[1] = {yhat}; E = {formula} = {e}")
        factor = {
            "half_sse": f"{yhat} − {number(y)}",
            "mse": f"2 × ({yhat} − {number(y)})",
            "mae": f"sign({diff})",
            "huber": f"{yhat} − {number(y)}" if abs(z[0] - y) < 1 else f"sign({yhat} − {number(y)})",
        }[loss_name]
        yield "  " + output_line(last, f"δ{last}[1] = dE/dŷ = {factor} = {number(d[0])}")
    elif loss_name == "bce":
        p = number(example.probabilities[0])
        yield "  " + loss_line(
            f"p = σ(z{last}[1]) = σ({number(z[0])}) = {p}; E = −[{number(y)} × log {p} + (1 − {number(y)}) × log(1 − {p})] = {e}"
        )
        yield "  " + output_line(last, f"δ{last}[1] = dE/dz = p − y = {p} − {number(y)} = {number(d[0])}")
    elif loss_name == "hinge":
        margin = 1 - y * z[0]
        yield "  " + loss_line(f"t = {number(y)}; E = max(0, 1 − {signed(y)} × {signed(z[0])}) = max(0, {number(margin)}) = {e}")
        why = f"−t = −({number(y)})" if margin >= 0 else _("0 (the margin is met)")
        yield "  " + output_line(last, f"δ{last}[1] = dE/dz = {why} = {number(d[0])}")
    else:
        cls = int(y)
        yield "  " + loss_line(
            f"p = softmax(z{last}) = softmax({vector(z)}) = {vector(example.probabilities)}; "
            f"E = −log p[{cls + 1}] = −log {number(example.probabilities[cls])} = {e}"
        )
        onehot = _("onehot(class {index})").format(index=cls + 1)
        yield "  " + output_line(last, f"δ{last} = dE/dz{last} = p − {onehot}")
        for k, (pk, dk) in enumerate(zip(example.probabilities, d)):
            yield f"    δ{last}[{k + 1}] = {number(pk)} − {1 if k == cls else 0} = {number(dk)}"


def loss_line(formula: str) -> str:
    return _("Loss: {formula}").format(formula=formula)


def output_line(last: int, formula: str) -> str:
    """The output layer's error term, the first step backward."""
    return _("Backward, layer {layer} (output): {formula}").format(layer=last, formula=formula)


def backward_lines(step: StepDerivation, example: ExampleDerivation, i: int, last: int) -> Iterator[str]:
    values = example.layers[i - 1]
    if i != last:
        yield "  " + delta_rule_line(step, i)
        for j in range(len(values.delta)):
            yield "    " + delta_line(step, example, i, j)
    for r, row in enumerate(values.grad_weight):
        for c in range(len(row)):
            yield "    " + weight_gradient_line(values, i, r, c)
    for c in range(len(values.grad_bias)):
        yield "    " + bias_gradient_line(values, i, c)


def delta_rule_line(step: StepDerivation, i: int) -> str:
    name = activation_name(step.activation)
    formula = f"δ{i}[j] = (Σk δ{i + 1}[k] × W{i + 1}[j,k]) × {name}'(z{i}[j])"
    return _("Backward, layer {layer} ({name}): {formula}").format(layer=i, name=step.layers[i - 1].name, formula=formula)


def delta_line(step: StepDerivation, example: ExampleDerivation, i: int, j: int) -> str:
    """Hidden unit j's error term: the next layer's error terms sent back through its weights, times f'(z)."""
    values, after, w_next = example.layers[i - 1], example.layers[i], step.layers[i].weight
    name = activation_name(step.activation)
    terms = " + ".join(f"{signed(dk)} × {signed(w_next[j][k])}" for k, dk in enumerate(after.delta))
    return (
        f"δ{i}[{j + 1}] = ({terms}) × {number(values.slope[j])} = {number(values.delta[j])}"
        f"   ({name}'({number(values.z[j])}) = {number(values.slope[j])})"
    )


def weight_gradient_line(values: LayerValues, i: int, r: int, c: int) -> str:
    return (
        f"dE/dW{i}[{r + 1},{c + 1}] = {signed(values.delta[c])} × {signed(values.inputs[r])} = {number(values.grad_weight[r][c])}"
        f"   (δ{i}[{c + 1}] × {inputs_symbol(i)}[{r + 1}])"
    )


def bias_gradient_line(values: LayerValues, i: int, c: int) -> str:
    return f"dE/db{i}[{c + 1}] = δ{i}[{c + 1}] = {number(values.grad_bias[c])}"


def mean_lines(step: StepDerivation, shown: int | None = EXAMPLES_SHOWN) -> Iterator[str]:
    yield batch_loss_line(step, shown)
    for i, gw in enumerate(step.mean_grad_weight, start=1):
        for r, row in enumerate(gw):
            for c in range(len(row)):
                yield "  " + mean_gradient_line(step, i, r, c, shown)
        for c in range(len(step.mean_grad_bias[i - 1])):
            yield "  " + mean_gradient_line(step, i, None, c, shown)


def sum_of(values: list[float], shown: int | None) -> str:
    """"a + b + c", or with more than `shown` terms "a + b + c + … (29 more)"."""
    if shown is None or len(values) <= shown:
        return " + ".join(signed(v) for v in values)
    return _("{terms} + … ({more} more)").format(terms=" + ".join(signed(v) for v in values[:shown]), more=len(values) - shown)


def batch_loss_line(step: StepDerivation, shown: int | None = EXAMPLES_SHOWN) -> str:
    n = len(step.examples)
    losses = sum_of([e.loss for e in step.examples], shown)
    return _("Batch of {n}: E = ({losses}) / {n} = {loss}; each gradient is the mean of the examples' gradients:").format(
        n=n, losses=losses, loss=number(step.batch_loss)
    )


def mean_gradient_line(step: StepDerivation, i: int, row: int | None, c: int, shown: int | None = EXAMPLES_SHOWN) -> str:
    """The batch's gradient of W{i}[row,c] (of b{i}[c] when row is None): the mean of the examples' gradients."""
    n = len(step.examples)
    if row is None:
        parts, mean, name = [e.layers[i - 1].grad_bias[c] for e in step.examples], step.mean_grad_bias[i - 1][c], f"b{i}[{c + 1}]"
    else:
        parts = [e.layers[i - 1].grad_weight[row][c] for e in step.examples]
        mean, name = step.mean_grad_weight[i - 1][row][c], f"W{i}[{row + 1},{c + 1}]"
    return f"dE/d{name} = ({sum_of(parts, shown)}) / {n} = {number(mean)}"


def update_lines(step: StepDerivation) -> Iterator[str]:
    if step.plain_sgd:
        yield _("Update, w − lr × g with lr = {lr}:").format(lr=number(step.lr))
    else:
        yield _("Update ({rule}; lr = {lr}):").format(rule=_(OPTIMIZER_RULES[step.optimizer]), lr=number(step.lr))
    for update in step.updates:
        yield "  " + update_line(step, update)


def update_line(step: StepDerivation, update: Update) -> str:
    name = f"b{update.layer}[{update.column + 1}]" if update.row is None else f"W{update.layer}[{update.row + 1},{update.column + 1}]"
    if step.plain_sgd:
        return f"{name} = {number(update.old)} − {number(step.lr)} × {signed(update.grad)} = {number(update.new)}"
    return f"{name} = {number(update.old)} → {number(update.new)}   (g = {number(update.grad)})"
