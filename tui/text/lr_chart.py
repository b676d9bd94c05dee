"""The range test's picture: smoothed loss against learning rate (log axis), the suggestion marked.

Drawn with plotext as plain text (no colour codes), so the CLI can print it and the app can show it as is.
"""

from __future__ import annotations

import math

from tui.core.events import LrFound
from tui.core.i18n import _
from tui.core.i18n import number as localized
from tui.text.counts import counted


def lr_chart(found: LrFound, width: int, height: int) -> str:
    """The chart as text, `width` × `height` characters."""
    import plotext as plt  # ~0.1 s: only when a chart is drawn

    plt.clear_figure()
    plt.theme("clear")
    plt.plotsize(width, height)
    points = [(lr, loss) for lr, loss in zip(found.lrs, found.losses) if math.isfinite(loss)]
    if points:
        plt.plot([lr for lr, _ in points], [loss for _, loss in points], marker="braille", label=_("smoothed loss"))
    if found.suggested_lr is not None:
        plt.vline(found.suggested_lr)
        suggested = _("suggested {lr}").format(lr=localized(found.suggested_lr, ".3g"))
        plt.scatter([found.suggested_lr], [_loss_at(found, found.suggested_lr)], marker="x", label=suggested)
    plt.xscale("log")
    plt.xlabel(_("learning rate (log scale)"))
    plt.title(_("Learning-rate range test"))
    chart: str = plt.uncolorize(plt.build())  # the "clear" theme still ends each line with a colour reset
    plt.clear_figure()
    return chart


def _loss_at(found: LrFound, lr: float) -> float:
    return found.losses[found.lrs.index(lr)] if lr in found.lrs else found.losses[0]


def lr_status(found: LrFound) -> str:
    """A short line for a screen's title: the suggestion and how the test ended."""
    steps = counted(found.steps, "step")
    lr = _("none (the loss hardly fell)") if found.suggested_lr is None else localized(found.suggested_lr, ".3g")
    if found.exploded:
        return _("Suggested lr {lr} · {steps}, the loss exploded").format(lr=lr, steps=steps)
    return _("Suggested lr {lr} · {steps}, ramp done").format(lr=lr, steps=steps)


def lr_summary(found: LrFound) -> str:
    """One line: the suggestion and how the test went."""
    if not found.lrs:
        ramp = _("no step")
    else:
        ramp = _("{steps} from {first} to {last}").format(
            steps=counted(found.steps, "step"), first=localized(found.lrs[0], ".0e"), last=localized(found.lrs[-1], ".2g")
        )
    if found.exploded:
        ramp = _("{ramp}, stopped when the loss exploded").format(ramp=ramp)
    if found.suggested_lr is None:
        return _("No suggestion: the smoothed loss hardly fell ({ramp}); try more steps (--steps) or a wider range.").format(ramp=ramp)
    lr = f"{found.suggested_lr:.3g}"  # as the command line takes it
    return _(
        "Suggested learning rate: {shown} (the steepest fall of the smoothed loss; {ramp}). Use it with --set training.lr={lr}"
    ).format(shown=localized(found.suggested_lr, ".3g"), ramp=ramp, lr=lr)
