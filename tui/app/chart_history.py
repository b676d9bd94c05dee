"""A bounded history of one chart's points: memory stays flat however many epochs a run has.

When the buffer is full every other point is dropped and from then on only every
`stride`-th epoch is kept, so the kept points stay evenly spread over the whole run.
The newest point is always kept separately so the chart's right edge is current.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Point = tuple[float, tuple[float | None, ...]]  # (epoch, one value per series)


class ChartHistory:
    def __init__(self, capacity: int = 512) -> None:
        if capacity < 2:
            raise ValueError("capacity must be at least 2")
        self.capacity = capacity
        self.stride = 1
        self.points: list[Point] = []
        self.latest: Point | None = None
        self._seen = 0

    def __len__(self) -> int:
        return len(self.points)

    def add(self, x: float, values: Sequence[float | None]) -> None:
        point = (x, tuple(values))
        self.latest = point
        if self._seen % self.stride == 0:
            self.points.append(point)
            if len(self.points) > self.capacity:
                self.points = self.points[::2]
                self.stride *= 2
        self._seen += 1

    def clear(self) -> None:
        self.__init__(self.capacity)  # type: ignore[misc]

    def sampled(self, max_points: int) -> list[Point]:
        """At most `max_points` evenly spread points, always ending at the newest one."""
        points = list(self.points)
        if self.latest is not None and (not points or points[-1] is not self.latest):
            points.append(self.latest)
        if max_points >= len(points) or max_points < 2:
            return points if max_points >= 2 else points[-1:]
        step = (len(points) - 1) / (max_points - 1)
        return [points[round(i * step)] for i in range(max_points)]


def series(points: list[Point], index: int) -> tuple[list[float], list[float]]:
    """The (x, y) lists of one series, leaving out missing and non-finite values (a diverged loss)."""
    xs: list[float] = []
    ys: list[float] = []
    for x, values in points:
        value = values[index]
        if value is not None and math.isfinite(value):
            xs.append(x)
            ys.append(value)
    return xs, ys
