"""The model's pictures as terminal cells: decision regions over the input plane, and one tile per hidden unit.

Pure functions from view events to rows of Rich segments (no widget state), so tests read them directly.
With colour, each cell is a half block (▀): its foreground paints the upper pixel, its background the
lower, two pixels a cell. Colours are Rich truecolor styles; Rich turns them into the 256 or 16 colours a
terminal has. Without colour (NO_COLOR) a cell is a character: a mark per class where the model is sure
and a blank where it is not, points as letters (docs/DESIGN.md §Model views).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

from tui.core.events import NeuronsPainted, RegionsPainted
from tui.core.i18n import ngettext
from tui.core.model_views import unpacked

RGB = tuple[int, int, int]
HALF_BLOCK = "▀"
# The Playground's orange and blue first, then distinct hues; more classes reuse them in turn.
CLASS_COLOURS: tuple[RGB, ...] = (
    (245, 147, 34), (8, 119, 189), (76, 175, 80), (220, 60, 90),
    (156, 39, 176), (0, 172, 193), (255, 213, 79), (141, 110, 99),
)
NEUTRAL: RGB = (34, 34, 34)  # where the model is unsure: close to a dark terminal's background
NEGATIVE, POSITIVE = CLASS_COLOURS[0], CLASS_COLOURS[1]  # a unit's output below and above zero, as the Playground
TRAIN_POINT, VAL_POINT = "●", "x"  # with colour: the class is the point's colour
PLAIN_REGIONS = "·:-=~+'^"  # without colour: a mark per class where the model is sure (level >= PLAIN_SURE)
PLAIN_SURE = 96  # of 255: the predicted class's probability at least ~69 % of the way from 1/classes to 1
PLAIN_TRAIN, PLAIN_VAL = "OXSVWMKH", "oxsvwmkh"  # without colour: a letter per class, lower case for validation


def class_colour(index: int) -> RGB:
    return CLASS_COLOURS[index % len(CLASS_COLOURS)]


def mixed(a: RGB, b: RGB, share: float) -> RGB:
    """`share` of b over a."""
    return (round(a[0] + (b[0] - a[0]) * share), round(a[1] + (b[1] - a[1]) * share), round(a[2] + (b[2] - a[2]) * share))


def region_colour(index: int, level: int) -> RGB:
    """A class's colour, dim where the model is unsure (level 0) and strong where it is sure (255); points stay brighter."""
    return mixed(NEUTRAL, class_colour(index), 0.12 + 0.5 * level / 255)


def point_colour(index: int) -> RGB:
    return mixed(class_colour(index), (255, 255, 255), 0.3)


@lru_cache(maxsize=4096)
def cell_style(top: RGB, bottom: RGB | None = None) -> Style:
    """The style of a cell: `top` as the foreground, `bottom` (if any) as the background."""
    return Style(color=Color.from_rgb(*top), bgcolor=None if bottom is None else Color.from_rgb(*bottom))


def plain_region_mark(index: int, level: int) -> str:
    return PLAIN_REGIONS[index % len(PLAIN_REGIONS)] if level >= PLAIN_SURE else " "


def plain_point(index: int, val: bool) -> str:
    letters = PLAIN_VAL if val else PLAIN_TRAIN
    return letters[index % len(letters)]


class Plane:
    """Maps the features' own units to cells of a `width` x `rows` area (the first feature across, the second up)."""

    def __init__(self, regions: RegionsPainted, width: int, rows: int) -> None:
        self.x0, self.x1 = regions.x_range
        self.y0, self.y1 = regions.y_range
        self.width, self.rows = width, rows

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        """(column, row) of a point, None when it lies outside the plane."""
        column = int((x - self.x0) / (self.x1 - self.x0) * self.width) if self.x1 > self.x0 else 0
        row = int((self.y1 - y) / (self.y1 - self.y0) * self.rows) if self.y1 > self.y0 else 0
        if 0 <= column < self.width and 0 <= row < self.rows:
            return column, row
        return None


def region_cells(regions: RegionsPainted) -> tuple[bytes, bytes]:
    """The class index and confidence level (0-255) per grid cell, row by row from the top."""
    return unpacked(regions.classes), unpacked(regions.confidence)


def regions_rows(regions: RegionsPainted, train: Sequence[Sequence[float]], val: Sequence[Sequence[float]],
                 width: int, rows: int, *, plain: bool = False) -> list[list[Segment]]:
    """`rows` lines of `width` cells: the predicted class over the plane, the points (x, y, class) on top."""
    classes, levels = region_cells(regions)
    size = regions.size
    pixels = rows if plain else rows * 2  # a half block holds two pixels, one above the other

    def sample(column: int, pixel_row: int) -> tuple[int, int]:
        at = min(size - 1, pixel_row * size // pixels) * size + min(size - 1, column * size // width)
        return classes[at], levels[at]

    marks: dict[tuple[int, int], tuple[int, bool]] = {}  # validation first, so a training point on the same cell wins
    plane = Plane(regions, width, rows)
    for points, is_val in ((val, True), (train, False)):
        for point in points:
            cell = plane.cell(point[0], point[1])
            if cell is not None:
                marks[cell] = (int(point[2]), is_val)
    lines = []
    for row in range(rows):
        line = []
        for column in range(width):
            mark = marks.get((column, row))
            if plain:
                text = plain_point(mark[0], mark[1]) if mark else plain_region_mark(*sample(column, row))
                line.append(Segment(text))
                continue
            top = region_colour(*sample(column, row * 2))
            bottom = region_colour(*sample(column, row * 2 + 1))
            if mark is None:
                line.append(Segment(HALF_BLOCK, cell_style(top, bottom)))
            else:
                line.append(Segment(VAL_POINT if mark[1] else TRAIN_POINT, cell_style(point_colour(mark[0]), mixed(top, bottom, 0.5))))
        lines.append(line)
    return lines


def unit_colour(level: int) -> RGB:
    """A unit's output (level 0-255 for -scale..scale): orange below zero, blue above, dark near it."""
    value = (level - 127.5) / 127.5
    return mixed(NEUTRAL, POSITIVE if value > 0 else NEGATIVE, min(1.0, abs(value)) * 0.85)


def plain_unit_mark(level: int) -> str:
    value = (level - 127.5) / 127.5
    return "+" if value >= 0.33 else "-" if value <= -0.33 else "·"


def tile_rows(tile: bytes, size: int, width: int, rows: int, *, plain: bool = False) -> list[list[Segment]]:
    """One unit's output over the plane as `rows` lines of `width` cells."""
    pixels = rows if plain else rows * 2

    def level(column: int, pixel_row: int) -> int:
        return tile[min(size - 1, pixel_row * size // pixels) * size + min(size - 1, column * size // width)]

    if plain:
        return [[Segment("".join(plain_unit_mark(level(c, r)) for c in range(width)))] for r in range(rows)]
    return [[Segment(HALF_BLOCK, cell_style(unit_colour(level(c, r * 2)), unit_colour(level(c, r * 2 + 1)))) for c in range(width)]
            for r in range(rows)]


def neuron_layout(neurons: NeuronsPainted, width: int, height: int) -> tuple[list[tuple[str, list[int]]], int, int]:
    """The layers (name, the indices of its units), how many tiles a line holds, and a tile's side in cells across.

    Each layer takes a label line and its tiles, a space between them, wrapped onto as many lines as makes
    the tiles largest; a tile is square in pixels (its side across, half of it in lines).
    """
    layers: list[tuple[str, list[int]]] = []
    for index, name in enumerate(neurons.layers):
        if not layers or layers[-1][0] != name:
            layers.append((name, []))
        layers[-1][1].append(index)
    widest = max((len(units) for _, units in layers), default=1)
    best = (1, 2)
    for per_line in range(1, widest + 1):
        across = (width + 1) // per_line - 1
        tile_lines = sum(-(-len(units) // per_line) for _, units in layers)
        down = (height - len(layers)) // max(1, tile_lines) * 2
        side = min(across, down, 2 * neurons.size)
        if side > best[1]:
            best = (per_line, side)
    return layers, best[0], best[1]


def neurons_rows(neurons: NeuronsPainted, width: int, height: int, *, plain: bool = False) -> list[list[Segment]]:
    """Each hidden layer: its name, then one tile per unit (its output over the plane), left to right."""
    layers, per_line, side = neuron_layout(neurons, width, height)
    rows = max(1, side // 2)
    tiles = [unpacked(unit) for unit in neurons.units]
    lines: list[list[Segment]] = []
    for name, units in layers:
        heading = ngettext("{layer}: {count} unit", "{layer}: {count} units", len(units)).format(layer=name, count=len(units))
        lines.append([Segment(heading[:width], Style(dim=True))])
        for start in range(0, len(units), per_line):
            drawn = [tile_rows(tiles[i], neurons.size, side, rows, plain=plain) for i in units[start : start + per_line]]
            for row in range(rows):
                line: list[Segment] = []
                for tile in drawn:
                    line.extend(tile[row])
                    line.append(Segment(" "))
                lines.append(line)
    return lines
