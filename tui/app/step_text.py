"""One traced step of a tiny network as notice lines, in the lecture's notation (the worked example).

The headless log prints the same step indented over more lines; a notice panel wants one line per fact.
"""

from __future__ import annotations

from tui.core.events import StepTraced
from tui.core.i18n import _
from tui.text.notices import rounded


def step_lines(event: StepTraced) -> list[str]:
    """A decimal point in every language, as in rounded()'s lists (separated by commas): a line never mixes marks."""
    forward = ", ".join(f"{name} {rounded(values)}" for name, values in event.forward.items())
    lines = [
        _("Step {step} (epoch {epoch}): input {inputs} target {target}").format(
            step=event.step, epoch=event.epoch, inputs=rounded(event.inputs), target=rounded(event.target)),
        _("forward: {values}").format(values=forward),
        _("prediction {prediction}  loss {loss}").format(prediction=rounded(event.prediction), loss=f"{event.loss:.7f}"),
        _("update: w = w - {lr} × d loss/d w (weights as x · W + b)").format(lr=f"{event.lr:g}"),
    ]
    lines += [f"d loss/d {name} {rounded(grad)} → {rounded(event.updated[name])}" for name, grad in event.gradients.items()]
    return lines
