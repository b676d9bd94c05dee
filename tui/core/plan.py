"""The lecture's arithmetic about a run, computed without torch (for forms, summaries and events)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tui.core.i18n import N_, _, ngettext, number
from tui.core.vocabulary import BATCH_GD, MINI_BATCH_GD, STOCHASTIC_GD, GdKind


def validation_size(n: int, val_split: float) -> int:
    """Examples held out for validation: at least one and at most n - 1 (none when val_split is 0)."""
    if val_split == 0 or n < 2:
        return 0
    return min(max(1, round(n * val_split)), n - 1)


def steps_per_epoch(train_size: int, batch_size: int) -> int:
    """One step = one update from one batch; the last batch of an epoch may be smaller."""
    return math.ceil(train_size / batch_size) if train_size else 0


def last_batch_size(train_size: int, batch_size: int) -> int:
    """The size of an epoch's last batch: smaller than the others when the batch size does not divide the set."""
    return train_size - (steps_per_epoch(train_size, batch_size) - 1) * batch_size if train_size else 0


def steps_arithmetic(train_size: int, batch_size: int) -> str:
    """The lecture's ⌈N / b⌉ = steps, with what the rounding up means when it rounds."""
    steps = steps_per_epoch(train_size, batch_size)
    text = f"⌈{number(train_size, ',')} / {number(batch_size, ',')}⌉ = {number(steps, ',')}"
    last = last_batch_size(train_size, batch_size)
    if last != batch_size and steps > 1:  # ⌈⌉ rounds up: one more, smaller batch takes the rest
        text += " " + ngettext("(rounded up: the last batch is smaller, {count} example)",
                               "(rounded up: the last batch is smaller, {count} examples)", last).format(count=number(last, ","))
    return text


def model_line(n_inputs: int, hidden: list[int], n_outputs: int, activation: str) -> str:
    """'4 → 8 → 3 (relu)'; without a hidden layer there is no activation to name."""
    widths = " → ".join(str(w) for w in [n_inputs, *hidden, n_outputs])
    return f"{widths} ({activation})" if hidden else _("{widths} (no hidden layer, so no activation)").format(widths=widths)


def gd_kind(train_size: int, batch_size: int) -> GdKind:
    """The lecture's names: batch (= training set), stochastic (= 1), mini-batch (in between)."""
    if batch_size >= train_size:
        return BATCH_GD
    if batch_size == 1:
        return STOCHASTIC_GD
    return MINI_BATCH_GD


def resolve_batch_size(batch_size: int | str, train_size: int) -> int:
    """'full' means the whole training set; a batch larger than the set is the set."""
    if batch_size == "full":
        return max(train_size, 1)
    return max(1, min(int(batch_size), max(train_size, 1)))


def parameter_count(n_inputs: int, hidden: list[int], n_outputs: int) -> int:
    """Weights plus biases of every linear layer (same as summing the model's parameters)."""
    widths = [n_inputs, *hidden, n_outputs]
    return sum(a * b + b for a, b in zip(widths, widths[1:]))


def describe_model(n_inputs: int, hidden: list[int], n_outputs: int, activation: str) -> str:
    """The network printed as the lecture prints its model, plus the parameter count."""
    widths = [n_inputs, *hidden, n_outputs]
    names = [f"hidden{i}" for i in range(1, len(hidden) + 1)] + ["output"]
    lines = ["MLP("]
    for name, (a, b) in zip(names, zip(widths, widths[1:])):
        lines.append(f"  ({name}): Linear(in_features={a}, out_features={b}, bias=True)")
        if name != "output" and activation != "identity":
            lines.append(f"  ({name.replace('hidden', 'act')}): {activation}")
    if not hidden:  # what the activation setting does here: nothing
        lines.append(N_("  (no hidden layer: the activation is not used)"))
    lines.append(N_(")  {count:,} parameters").format(count=parameter_count(n_inputs, hidden, n_outputs)))
    return "\n".join(lines)


@dataclass(frozen=True)
class Plan:
    train_size: int
    val_size: int
    batch_size: int
    epochs: int

    @property
    def steps_per_epoch(self) -> int:
        return steps_per_epoch(self.train_size, self.batch_size)

    @property
    def total_steps(self) -> int:
        return self.steps_per_epoch * self.epochs

    @property
    def gd_kind(self) -> GdKind:
        return gd_kind(self.train_size, self.batch_size)


def make_plan(train_size: int, val_size: int, batch_size: int | str, epochs: int) -> Plan:
    return Plan(train_size, val_size, resolve_batch_size(batch_size, train_size), epochs)
