"""The Backprop screen's walk: one derived step cut into stages, each one thing being computed.

A stage names what it computes (a unit, a weight, a bias, the loss), so the screen can highlight it in the
drawn network, and carries the lines `nn-tui explain` writes for it (tui.text.derivation_text: the same
words from the same records). The order is the lecture's: per example, the forward pass unit by unit, the
loss, the output's error term, each gradient of the last layer, then each earlier layer's error terms and
gradients; for a batch, each example and then each gradient's mean; then each update.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.derivation import Explanation, StepDerivation
from tui.core.i18n import _
from tui.text.derivation_text import (
    ACTIVATION_FORMULAS,
    LOSS_FORMULAS,
    activation_name,
    batch_loss_line,
    bias_gradient_line,
    delta_line,
    delta_rule_line,
    forward_layer_line,
    loss_lines,
    mean_gradient_line,
    number,
    unit_line,
    update_line,
    weight_gradient_line,
)

# What a stage computes. Layers count from 0 for the inputs: unit (layer, row) is node `row` of that column;
# an edge or a bias belongs to the layer it feeds (W1 and b1 to layer 1), as in the lecture.
UNIT, EDGE, BIAS, LOSS = "unit", "edge", "bias", "loss"
FORWARD, ERROR, BACKWARD, MEAN, UPDATE = "forward", "loss", "backward", "mean", "update"


@dataclass(frozen=True)
class Target:
    kind: str  # UNIT, EDGE, BIAS or LOSS
    layer: int = 0
    row: int = 0  # the unit; for an edge, the unit it leaves
    column: int = 0  # for an edge or a bias, the unit it enters


@dataclass(frozen=True)
class Stage:
    step: int  # index into Explanation.steps
    example: int | None  # 0-based, None for the batch's means and the updates
    phase: str  # FORWARD, ERROR, BACKWARD, MEAN, UPDATE
    part: str  # the heading: "Step 1 · example 1 of 1 · forward, layer 1 (hidden1, linear)"
    lines: tuple[str, ...]  # the formula with its numbers, as `nn-tui explain` writes it
    target: Target


def explanation_stages(explanation: Explanation) -> list[Stage]:
    return [stage for index, step in enumerate(explanation.steps) for stage in step_stages(index, step)]


def step_stages(index: int, step: StepDerivation) -> list[Stage]:
    stages: list[Stage] = []
    n, last = len(step.examples), len(step.layers)
    head = _("Step {step}").format(step=step.step)

    def add(example: int | None, phase: str, part: str, lines: list[str], target: Target) -> None:
        stages.append(Stage(index, example, phase, part, tuple(line.strip() for line in lines), target))

    for k, example in enumerate(step.examples):
        where = f"{head} · " + _("example {example} of {examples}").format(example=k + 1, examples=n)
        for i, values in enumerate(example.layers, start=1):
            layer = step.layers[i - 1]
            kind = "" if i == last else f", {activation_name(step.activation)}"
            for j in range(len(values.z)):
                lines = [unit_line(step, values, i, j, last)]
                if j == 0:  # the whole layer as a matrix product after it: long for a wide layer, so never first
                    lines.append(forward_layer_line(step, values, i, last))
                part = f"{where} · " + _("forward, layer {layer} ({name})").format(layer=i, name=layer.name + kind)
                add(k, FORWARD, part, lines, Target(UNIT, i, j))
        loss_text = [line.strip() for line in loss_lines(step.loss_name, example, last)]
        formula, derivative = LOSS_FORMULAS[step.loss_name]
        add(k, ERROR, f"{where} · " + _("the loss, {formula}").format(formula=formula), loss_text[:1], Target(LOSS))
        part = f"{where} · " + _("backward, the output's error term ({derivative})").format(derivative=derivative)
        if len(loss_text) == 2:
            add(k, BACKWARD, part, loss_text[1:], Target(UNIT, last, 0))
        else:  # one unit per class: the rule, then each unit's δ
            for j, line in enumerate(loss_text[2:]):
                add(k, BACKWARD, part, [loss_text[1], line] if j == 0 else [line], Target(UNIT, last, j))
        for i in range(last, 0, -1):
            values = example.layers[i - 1]
            part = f"{where} · " + _("backward, layer {layer} ({name})").format(layer=i, name=step.layers[i - 1].name)
            if i != last:
                slope = ACTIVATION_FORMULAS[step.activation][1]
                for j in range(len(values.delta)):
                    lines = [delta_line(step, example, i, j)]
                    if j == 0:
                        lines[:0] = [delta_rule_line(step, i), slope]
                    add(k, BACKWARD, part, lines, Target(UNIT, i, j))
            for r, row in enumerate(values.grad_weight):
                for c in range(len(row)):
                    add(k, BACKWARD, part, [weight_gradient_line(values, i, r, c)], Target(EDGE, i, r, c))
            for c in range(len(values.grad_bias)):
                add(k, BACKWARD, part, [bias_gradient_line(values, i, c)], Target(BIAS, i, 0, c))
    if n > 1:
        part = f"{head} · " + _("the batch: each gradient is the mean of the {n} examples' gradients").format(n=n)
        add(None, MEAN, part, [batch_loss_line(step)], Target(LOSS))
        for i, gw in enumerate(step.mean_grad_weight, start=1):
            for r, row in enumerate(gw):
                for c in range(len(row)):
                    add(None, MEAN, part, [mean_gradient_line(step, i, r, c)], Target(EDGE, i, r, c))
            for c in range(len(step.mean_grad_bias[i - 1])):
                add(None, MEAN, part, [mean_gradient_line(step, i, None, c)], Target(BIAS, i, 0, c))
    rule = f"w − lr × g, lr = {number(step.lr)}" if step.plain_sgd else f"{step.optimizer}, lr = {number(step.lr)}"  # not translated: math
    for update in step.updates:
        if update.row is None:
            target = Target(BIAS, update.layer, 0, update.column)
        else:
            target = Target(EDGE, update.layer, update.row, update.column)
        add(None, UPDATE, f"{head} · " + _("the update ({rule})").format(rule=rule), [update_line(step, update)], target)
    return stages
