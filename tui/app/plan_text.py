"""The "what this means" text for a valid config, in the lecture's terms, computed without torch."""

from __future__ import annotations

from rich.text import Text

from tui.app.formatting import grouped
from tui.core import plan as planning
from tui.core.config import RunConfig, check_loss_fits
from tui.core.errors import ConfigError
from tui.core.i18n import N_, _, translated
from tui.core.vocabulary import BATCH_GD, CLASSIFICATION, MINI_BATCH_GD, REGRESSION, STOCHASTIC_GD
from tui.data.catalog import DatasetShape, train_size

# The form refuses larger networks before F5: 10^9 float32 parameters are 4 GB, ~16 GB while training with Adam's
# state, beyond any machine nn-tui is meant for (larger would fail only at F5, out of memory).
MAX_PARAMETERS = 1_000_000_000

GD_WORDS = {
    BATCH_GD: N_("batch gradient descent (batch = the whole training set)"),
    STOCHASTIC_GD: N_("stochastic gradient descent (batch = 1 example)"),
    MINI_BATCH_GD: N_("mini-batch gradient descent (1 < batch < training set)"),
}
TASK_WORDS = {CLASSIFICATION: N_("classification"), REGRESSION: N_("regression")}


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
            "model.hidden",
            N_("a network of {params} parameters is too large; at most {most} (use smaller hidden layers)").format(
                params=f"{params:,}", most=f"{MAX_PARAMETERS:,}"
            ),
        )
    widths = " → ".join(str(w) for w in [shape.n_features, *hidden, outputs])
    what = _(TASK_WORDS.get(shape.task, shape.task))
    if shape.n_classes:
        what = _("{task}, {classes} classes").format(task=what, classes=shape.n_classes)

    text = Text()
    text.append(_("{dataset}: {examples} examples, {features} features ({what})").format(
        dataset=config.data.dataset, examples=grouped(shape.n_examples), features=shape.n_features, what=what) + "\n")
    text.append(_("training {train} · validation {val}").format(train=grouped(plan.train_size), val=grouped(plan.val_size)) + "\n\n")
    text.append(_("batch size") + " ", style="bold")
    text.append(f"{grouped(plan.batch_size)}\n")
    text.append(_("steps per epoch") + " ", style="bold")
    text.append(f"⌈{grouped(plan.train_size)} / {grouped(plan.batch_size)}⌉ = {grouped(plan.steps_per_epoch)}\n")
    text.append(_("total steps") + " ", style="bold")
    text.append(_("{steps} × {epochs} epochs = {total}").format(
        steps=grouped(plan.steps_per_epoch), epochs=grouped(plan.epochs), total=grouped(plan.total_steps)) + "\n")
    text.append(f"{_(GD_WORDS[plan.gd_kind])}\n\n")
    text.append(_("model") + " ", style="bold")
    text.append(_("{widths} ({activation}) · {params} parameters").format(
        widths=widths, activation=config.model.activation, params=grouped(params)) + "\n\n")
    text.append(translated(planning.describe_model(shape.n_features, hidden, outputs, config.model.activation)), style="dim")
    for key, values in (config.sweep or {}).items():
        sweep = _("F5 starts a sweep: one run for each {key} in {values}").format(key=key, values=", ".join(map(str, values)))
        text.append(f"\n\n{sweep}", style="bold")
    return text
