"""The "what this means" text for a valid config, in the lecture's terms, computed without torch."""

from __future__ import annotations

from rich.text import Text

from tui.core import plan as planning
from tui.core.config import RunConfig, check_loss_fits
from tui.core.errors import ConfigError
from tui.core.vocabulary import BATCH_GD, MINI_BATCH_GD, REGRESSION, STOCHASTIC_GD
from tui.data.catalog import DatasetShape, train_size

# The form refuses larger networks before F5: 10^9 float32 parameters are 4 GB, ~16 GB while training with Adam's
# state, beyond any machine nn-tui is meant for (larger would fail only at F5, out of memory).
MAX_PARAMETERS = 1_000_000_000

GD_WORDS = {
    BATCH_GD: "batch gradient descent (batch = the whole training set)",
    STOCHASTIC_GD: "stochastic gradient descent (batch = 1 example)",
    MINI_BATCH_GD: "mini-batch gradient descent (1 < batch < training set)",
}


def output_units(shape: DatasetShape, loss: str) -> int:
    """As the engine's Objective: one unit for regression and the binary losses, else one per class."""
    if shape.task == REGRESSION or loss in ("bce", "hinge"):
        return 1
    return int(shape.n_classes or 2)


def plan_text(config: RunConfig, shape: DatasetShape) -> Text:
    check_loss_fits(config.training.loss, shape.task, shape.n_classes)  # a CSV's task is known only once it is read
    train = train_size(shape, config.data.val_split)
    val = shape.n_examples - train
    plan = planning.make_plan(train, val, config.training.batch_size, config.training.epochs)
    hidden = list(config.model.hidden)
    outputs = output_units(shape, config.training.loss)
    params = planning.parameter_count(shape.n_features, hidden, outputs)
    if params > MAX_PARAMETERS:
        raise ConfigError.about(
            "model.hidden", f"a network of {params:,} parameters is too large; at most {MAX_PARAMETERS:,} (use smaller hidden layers)"
        )
    widths = " → ".join(str(w) for w in [shape.n_features, *hidden, outputs])
    what = f"{shape.task}" + (f", {shape.n_classes} classes" if shape.n_classes else "")

    text = Text()
    text.append(f"{config.data.dataset}: {shape.n_examples:,} examples, {shape.n_features} features ({what})\n")
    text.append(f"training {plan.train_size:,} · validation {plan.val_size:,}\n\n")
    text.append("batch size ", style="bold")
    text.append(f"{plan.batch_size:,}\n")
    text.append("steps per epoch ", style="bold")
    text.append(f"⌈{plan.train_size:,} / {plan.batch_size:,}⌉ = {plan.steps_per_epoch:,}\n")
    text.append("total steps ", style="bold")
    text.append(f"{plan.steps_per_epoch:,} × {plan.epochs:,} epochs = {plan.total_steps:,}\n")
    text.append(f"{GD_WORDS[plan.gd_kind]}\n\n")
    text.append("model ", style="bold")
    text.append(f"{widths} ({config.model.activation}) · {params:,} parameters\n\n")
    text.append(planning.describe_model(shape.n_features, hidden, outputs, config.model.activation), style="dim")
    for key, values in (config.sweep or {}).items():
        text.append(f"\n\nF5 starts a sweep: one run for each {key} in {', '.join(map(str, values))}", style="bold")
    return text
