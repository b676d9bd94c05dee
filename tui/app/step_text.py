"""One traced step of a tiny network as notice lines, in the lecture's notation (the worked example).

The headless log prints the same step indented over more lines; a notice panel wants one line per fact.
"""

from __future__ import annotations

from tui.core.events import StepTraced
from tui.text.notices import rounded


def step_lines(event: StepTraced) -> list[str]:
    forward = ", ".join(f"{name} {rounded(values)}" for name, values in event.forward.items())
    lines = [
        f"Step {event.step} (epoch {event.epoch}): input {rounded(event.inputs)} target {rounded(event.target)}",
        f"forward: {forward}",
        f"prediction {rounded(event.prediction)}  loss {event.loss:.7f}",
        f"update: w = w - {event.lr:g} × d loss/d w (weights as x · W + b)",
    ]
    lines += [f"d loss/d {name} {rounded(grad)} → {rounded(event.updated[name])}" for name, grad in event.gradients.items()]
    return lines
