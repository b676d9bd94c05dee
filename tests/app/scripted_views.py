"""Pictures of a model, written out as view events by formula: the model panel's screens look the same every time."""

from __future__ import annotations

import base64
import math

from tests.app.scripted import classification_run
from tui.core.events import CurveFitted, EpochEnded, Event, Finished, NeuronsPainted, RegionsPainted, RunStarted, ViewPoints

X_RANGE, Y_RANGE = [-1.5, 2.5], [-1.0, 1.5]
GRID, TILE = 40, 16


def _packed(values: list[float]) -> str:
    return base64.b64encode(bytes(max(0, min(255, round(v))) for v in values)).decode("ascii")


def _plane(size: int) -> list[tuple[float, float]]:
    """Cell centres, row by row from the top, as tui.training.views lays them out."""
    (x0, x1), (y0, y1) = X_RANGE, Y_RANGE
    return [(x0 + (c + 0.5) * (x1 - x0) / size, y1 - (r + 0.5) * (y1 - y0) / size) for r in range(size) for c in range(size)]


def _margin(x: float, y: float) -> float:
    """A bent boundary like two moons': positive on the upper left, negative on the lower right."""
    return y - 0.6 * math.sin(2 * x) + 0.2


def moons_points() -> ViewPoints:
    train = [[x, y, float(_margin(x, y) < 0)] for x, y in _plane(9)[::2]]
    val = [[x + 0.1, y - 0.05, float(_margin(x, y) < 0)] for x, y in _plane(6)[::3]]
    return ViewPoints(features=["x1", "x2"], train=train, val=val, class_names=["0", "1"])


def regions(epoch: int) -> RegionsPainted:
    margins = [_margin(x, y) for x, y in _plane(GRID)]
    sure = min(1.0, 0.3 + epoch / 10)
    return RegionsPainted(
        epoch=epoch, global_step=epoch * 4, size=GRID, x_range=X_RANGE, y_range=Y_RANGE,
        classes=_packed([float(m < 0) for m in margins]), confidence=_packed([255 * min(1.0, abs(m) * 2 * sure) for m in margins]),
    )


def neurons(epoch: int, units: int = 6) -> NeuronsPainted:
    tiles = []
    for unit in range(units):
        angle = unit * math.pi / units
        tiles.append(_packed([127.5 * (1 + math.tanh(2 * (x * math.cos(angle) + y * math.sin(angle)))) for x, y in _plane(TILE)]))
    return NeuronsPainted(epoch, epoch * 4, TILE, ["hidden1"] * units, tiles, [1.0] * units)


def with_pictures(events: list[Event], pictures) -> list[Event]:
    """`events` with the points after `start`, pictures after it and after each epoch, the last before `end`."""
    out: list[Event] = []
    for event in events:
        if isinstance(event, Finished):
            out.extend(pictures(event.epochs))
        out.append(event)
        if isinstance(event, RunStarted):
            out.extend(pictures(None))
        elif isinstance(event, EpochEnded):
            out.extend(pictures(event.epoch))
    return out


def moons_run() -> list[Event]:
    """The scripted classification run, with decision regions and hidden units as a 2-6-2 network would send them."""

    def pictures(epoch: int | None) -> list[Event]:
        if epoch is None:
            return [moons_points(), regions(0), neurons(0)]
        return [regions(epoch), neurons(epoch)]

    return with_pictures(classification_run(), pictures)


def sine_run(epochs: int = 12) -> list[Event]:
    """A regression run on one feature: its points, then a curve that comes closer to sin(x) each epoch."""
    xs = [-3 + 6 * i / 79 for i in range(80)]
    points = ViewPoints(
        features=["x"], train=[[x, math.sin(x) + 0.1 * math.cos(7 * x)] for x in xs[::2]],
        val=[[x, math.sin(x)] for x in xs[1::8]],
    )
    events: list[Event] = [
        RunStarted(
            name="sine", train_size=160, val_size=40, batch_size=16, steps_per_epoch=10, total_steps=10 * epochs,
            gd_kind="mini-batch", parameters=49, device="cpu", epochs=epochs, task="regression", monitor="val_loss",
            patience=0, run_dir=None, model_summary="MLP()", threads=1,
        ),
        points,
        CurveFitted(0, 0, xs, [0.1 * x for x in xs]),
    ]
    for epoch in range(1, epochs + 1):
        share = epoch / epochs
        loss = 0.5 * math.exp(-epoch / 3) + 0.01
        events.append(EpochEnded(epoch, epoch * 10, loss, loss * 1.1, None, None, None, loss / 2, 0.1, loss / 2, epoch * 0.1))
        events.append(CurveFitted(epoch, epoch * 10, xs, [share * math.sin(x) + (1 - share) * 0.1 * x for x in xs]))
    events.append(Finished("completed", epochs, epochs, 0.02, None, "val_loss", epochs * 0.1, True))
    return events
