"""One traced step of a tiny network as notice lines, in the lecture's notation (the worked example).

The same content as the headless log, written here because importing tui.headless on the UI
thread would pull in torch.
"""

from __future__ import annotations

from tui.engine.events import StepTraced


def rounded(values: object) -> str:
    """Nested lists with 7 significant digits: float32 noise (1.8500000238) reads as the lecture's 1.85."""
    if isinstance(values, list):
        return "[" + ", ".join(rounded(v) for v in values) + "]"
    return f"{values:.7g}" if isinstance(values, float) else str(values)


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
