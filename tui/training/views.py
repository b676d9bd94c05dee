"""Pictures of what the model computes, as events: decision regions, a fitted curve, each hidden unit's output.

The grids are fixed at set-up over the data's range in the features' own units and kept on the device
standardized, as the model sees them. One paint is one forward pass of a few thousand rows and one read
back (0.4-0.65 ms for a lesson's network on a CPU); the Trainer asks at its progress ticks and epoch ends
and paints at most every EVERY_SECONDS, so training is not slowed measurably (docs/DESIGN.md §Model views).
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator, Sequence

import numpy as np
import torch

from tui.core.events import CurveFitted, Event, NeuronsPainted, RegionsPainted, ViewPoints
from tui.core.model_views import NEURONS, REGIONS
from tui.core.vocabulary import CLASSIFICATION, REGRESSION
from tui.data.loading import Dataset
from tui.training.objective import Objective

GRID = 40  # cells a side of the regions grid: 1 600 bytes per picture
NEURON_GRID = 16  # cells a side of one unit's tile
CURVE_POINTS = 80
MAX_NEURON_UNITS = 8  # the neuron view is for small networks: every hidden layer this wide or narrower
MAX_POINTS = 400  # training points sent (evenly subsampled); validation points: half as many
EVERY_SECONDS = 1.0
MARGIN = 0.1  # of the data's span, on each side of the plane


def packed(values: torch.Tensor) -> str:
    """Bytes 0-255 (one per cell) as base64: a 40 x 40 grid is ~2 100 characters."""
    if values.is_floating_point():
        values = values.round()
    return base64.b64encode(values.to(torch.uint8).cpu().numpy().tobytes()).decode("ascii")


class ModelViews:
    """Paints the views that apply to a run (regions or curve, neurons) when asked and due."""

    def __init__(self, model: torch.nn.Sequential, dataset: Dataset, objective: Objective, device: torch.device,
                 hidden: Sequence[int], wanted: frozenset[str]) -> None:
        self.model, self.dataset, self.objective = model, dataset, objective
        features = dataset.n_features
        self.regions = REGIONS in wanted and features == 2 and dataset.task == CLASSIFICATION
        self.curve = REGIONS in wanted and features == 1 and dataset.task == REGRESSION
        self.neurons = NEURONS in wanted and features == 2 and len(hidden) > 0 and max(hidden) <= MAX_NEURON_UNITS
        self.mean = np.asarray(dataset.feature_mean or [0.0] * features)
        self.scale = np.asarray(dataset.feature_scale or [1.0] * features)
        every = np.concatenate([dataset.x_train, dataset.x_val]) * self.scale + self.mean  # the features' own units
        low, high = every.min(axis=0), every.max(axis=0)
        pad = np.maximum(high - low, 1e-6) * MARGIN
        self.low, self.high = low - pad, high + pad
        to = lambda a: torch.as_tensor(((a - self.mean) / self.scale).astype(np.float32), device=device)  # noqa: E731
        if features == 2:
            self.grid = to(self.plane(GRID))
            self.neuron_grid = to(self.plane(NEURON_GRID))
        if self.curve:
            self.curve_x = np.linspace(self.low[0], self.high[0], CURVE_POINTS)
            self.curve_grid = to(self.curve_x[:, None])
        self.painted_at = -float("inf")

    @property
    def any(self) -> bool:
        return self.regions or self.curve or self.neurons

    def plane(self, size: int) -> np.ndarray:
        """Cell centres, row by row from the top (largest y) and left to right, in the features' own units."""
        xs = self.low[0] + (np.arange(size) + 0.5) * (self.high[0] - self.low[0]) / size
        ys = self.high[1] - (np.arange(size) + 0.5) * (self.high[1] - self.low[1]) / size
        gx, gy = np.meshgrid(xs, ys)
        return np.stack([gx.ravel(), gy.ravel()], axis=1)

    def points(self) -> ViewPoints:
        data = self.dataset
        return ViewPoints(
            features=list(data.feature_names),
            train=self._points(data.x_train, data.y_train, MAX_POINTS),
            val=self._points(data.x_val, data.y_val, MAX_POINTS // 2),
            class_names=data.class_names,
        )

    def _points(self, x: np.ndarray, y: np.ndarray, most: int) -> list[list[float]]:
        keep = np.linspace(0, len(x) - 1, min(len(x), most)).astype(int) if len(x) else np.array([], dtype=int)
        xs = x[keep] * self.scale + self.mean
        labels = y[keep].astype(np.float64)
        if self.dataset.task == REGRESSION:
            labels = labels * self.dataset.target_scale + self.dataset.target_mean
        return [[_round(v) for v in row] + [_round(label)] for row, label in zip(xs, labels)]

    def due(self) -> bool:
        return time.perf_counter() - self.painted_at >= EVERY_SECONDS

    @torch.no_grad()
    def paint(self, epoch: int, global_step: int) -> Iterator[Event]:
        """The views of the model as it is now."""
        self.painted_at = time.perf_counter()
        training = self.model.training
        self.model.eval()
        try:
            if self.regions:
                yield self._regions(epoch, global_step)
            if self.curve:
                yield self._curve(epoch, global_step)
            if self.neurons:
                yield self._neurons(epoch, global_step)
        finally:
            self.model.train(training)

    def _regions(self, epoch: int, global_step: int) -> RegionsPainted:
        out = self.model(self.grid)
        predicted = self.objective.predict(out)
        if self.objective.single_logit:
            p = torch.sigmoid(out[:, 0])
            confidence = torch.maximum(p, 1 - p)
        else:
            confidence = torch.softmax(out, dim=1).max(dim=1).values
        k = max(2, int(self.objective.n_classes or 2))
        level = ((confidence - 1 / k) / (1 - 1 / k)).nan_to_num(0.0).clamp(0, 1) * 255
        return RegionsPainted(
            epoch=epoch, global_step=global_step, size=GRID,
            x_range=[float(self.low[0]), float(self.high[0])], y_range=[float(self.low[1]), float(self.high[1])],
            classes=packed(predicted.clamp(0, 255)), confidence=packed(level.round()),
        )

    def _curve(self, epoch: int, global_step: int) -> CurveFitted:
        predicted = self.objective.predict(self.model(self.curve_grid)).double().cpu().numpy()
        values = predicted * self.dataset.target_scale + self.dataset.target_mean
        return CurveFitted(epoch, global_step, [_round(v) for v in self.curve_x], [_round(v) for v in values])

    def _neurons(self, epoch: int, global_step: int) -> NeuronsPainted:
        layers, units, scales = [], [], []
        h = self.neuron_grid
        for name, layer in self.model.named_children():
            h = layer(h)
            if name.startswith("act"):
                for column in h.T:
                    scale = float(column.abs().max().nan_to_num(0.0).clamp(min=1e-6))
                    layers.append("hidden" + name.removeprefix("act"))
                    units.append(packed(((column / scale).nan_to_num(0.0).clamp(-1, 1) + 1) * 127.5))
                    scales.append(_round(scale))
        return NeuronsPainted(epoch, global_step, NEURON_GRID, layers, units, scales)


def _round(value: float) -> float:
    """4 significant digits: plenty for a picture, a third of the JSON."""
    return float(f"{float(value):.4g}")
