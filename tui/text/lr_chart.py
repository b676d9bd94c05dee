"""The range test's picture: smoothed loss against learning rate (log axis), the suggestion marked.

Drawn with plotext as plain text (no colour codes), so the CLI can print it and the app can show it as is.
"""

from __future__ import annotations

import math

from tui.core.events import LrFound
from tui.text.counts import counted


def lr_chart(found: LrFound, width: int, height: int) -> str:
    """The chart as text, `width` × `height` characters."""
    import plotext as plt  # ~0.1 s: only when a chart is drawn

    plt.clear_figure()
    plt.theme("clear")
    plt.plotsize(width, height)
    points = [(lr, loss) for lr, loss in zip(found.lrs, found.losses) if math.isfinite(loss)]
    if points:
        plt.plot([lr for lr, _ in points], [loss for _, loss in points], marker="braille", label="smoothed loss")
    if found.suggested_lr is not None:
        plt.vline(found.suggested_lr)
        plt.scatter([found.suggested_lr], [_loss_at(found, found.suggested_lr)], marker="x", label=f"suggested {found.suggested_lr:.3g}")
    plt.xscale("log")
    plt.xlabel("learning rate (log scale)")
    plt.title("Learning-rate range test")
    chart: str = plt.uncolorize(plt.build())  # the "clear" theme still ends each line with a colour reset
    plt.clear_figure()
    return chart


def _loss_at(found: LrFound, lr: float) -> float:
    return found.losses[found.lrs.index(lr)] if lr in found.lrs else found.losses[0]


def lr_status(found: LrFound) -> str:
    """A short line for a screen's title: the suggestion and how the test ended."""
    ended = "the loss exploded" if found.exploded else "ramp done"
    lr = "none (the loss hardly fell)" if found.suggested_lr is None else f"{found.suggested_lr:.3g}"
    return f"Suggested lr {lr} · {counted(found.steps, 'step')}, {ended}"


def lr_summary(found: LrFound) -> str:
    """One line: the suggestion and how the test went."""
    ramp = f"{counted(found.steps, 'step')} from {found.lrs[0]:.0e} to {found.lrs[-1]:.2g}" if found.lrs else "no step"
    ended = ", stopped when the loss exploded" if found.exploded else ""
    if found.suggested_lr is None:
        return f"No suggestion: the smoothed loss hardly fell ({ramp}{ended}); try more steps (--steps) or a wider range."
    return (f"Suggested learning rate: {found.suggested_lr:.3g} (the steepest fall of the smoothed loss; "
            f"{ramp}{ended}). Use it with --set training.lr={found.suggested_lr:.3g}")
