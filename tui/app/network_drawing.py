"""The Backprop screen's picture: the network as boxes (units) and lines (weights), drawn on a character grid.

Columns left to right: the inputs, each layer, the loss. A unit's box shows its value once the walk has
computed it, its bias and its error term δ; each line is labelled with its weight where the label fits
(the weight being computed always gets its label; the rest are in the formula panel's matrices). The
element the current stage computes is highlighted; the lines it uses are lit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from tui.core.derivation import StepDerivation
from tui.core.i18n import _
from tui.text.backprop_stages import BACKWARD, BIAS, EDGE, ERROR, FORWARD, LOSS, MEAN, UNIT, UPDATE, Stage, Target

BOX_ROWS = 5  # top border with the unit's name, value, δ, bias, bottom border
EDGE_STYLE, LIT_STYLE = "grey50", "cyan"  # a line, a line the stage reads
FOCUS_LINE_STYLE, FOCUS_STYLE = "bold yellow", "bold black on yellow"  # the line and the number being computed
MAX_LABELLED_LINES = 6  # between two layers: 2×2 and 2×3 show every weight; larger, only those in use
LABEL_PLACES = (0.3, 0.5, 0.2, 0.4, 0.65, 0.75, 0.85)  # along the line, tried in turn until the label fits


def short(value: float) -> str:
    """4 significant digits: the picture is a map; the panel has the 7-digit numbers. A decimal point in every
    language, as the formulas under the picture write it (their lists of numbers are separated by commas)."""
    text = f"{value:.4g}"
    return "0" if text == "-0" else text


@dataclass
class Canvas:
    width: int
    height: int
    chars: list[list[str]] = field(init=False)
    styles: list[list[str]] = field(init=False)
    taken: set[tuple[int, int]] = field(default_factory=set)  # cells of boxes and labels: no label goes over them

    def __post_init__(self) -> None:
        self.chars = [[" "] * self.width for _ in range(self.height)]
        self.styles = [[""] * self.width for _ in range(self.height)]

    def put(self, x: int, y: int, text: str, style: str = "", take: bool = False) -> None:
        if not 0 <= y < self.height:
            return
        for dx, char in enumerate(text):
            if 0 <= x + dx < self.width:
                self.chars[y][x + dx], self.styles[y][x + dx] = char, style
                if take:
                    self.taken.add((x + dx, y))

    def free(self, x: int, y: int, length: int) -> bool:
        return 0 <= y < self.height and x >= 0 and x + length <= self.width and not any(
            (x + dx, y) in self.taken for dx in range(-1, length + 1)
        )

    def text(self) -> Text:
        out = Text(no_wrap=True, overflow="crop")
        for y in range(self.height):
            run, style = "", self.styles[y][0] if self.width else ""
            for char, cell_style in zip(self.chars[y], self.styles[y]):
                if cell_style != style:
                    out.append(run, style or None)
                    run, style = "", cell_style
                run += char
            out.append(run.rstrip() if not style else run, style or None)
            if y < self.height - 1:
                out.append("\n")
        return out


def line_cells(x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int, str]]:
    """Bresenham's line from (x0, y0) to (x1, y1), each cell with the glyph of its slope."""
    points = []
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err, x, y = dx + dy, x0, y0
    while True:
        points.append((x, y))
        if x == x1 and y == y1:
            break
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x += sx
        if e2 <= dx:
            err += dx
            y += sy
    cells = []
    for k, (x, y) in enumerate(points):
        nx, ny = points[k + 1] if k + 1 < len(points) else (x + (x - points[k - 1][0] if k else 1), y + (y - points[k - 1][1] if k else 0))
        mx, my = nx - x, ny - y
        glyph = "─" if my == 0 else "│" if mx == 0 else ("╲" if my > 0 else "╱")
        cells.append((x, y, glyph))
    return cells


@dataclass(frozen=True)
class Walk:
    """Where the walk stands: what the picture may show as known, and what to highlight."""

    step: StepDerivation
    stage: Stage
    known: frozenset[tuple[str, Target]]  # (phase, target) of the stages done so far in this step and example

    @property
    def example(self) -> int:
        return self.stage.example if self.stage.example is not None else len(self.step.examples) - 1


def walk_at(stages: list[Stage], index: int, step: StepDerivation) -> Walk:
    stage = stages[index]
    shown = stage.example if stage.example is not None else len(step.examples) - 1
    known = frozenset(
        (s.phase, s.target) for s in stages[: index + 1] if s.step == stage.step and s.example in (shown, None)
    )
    return Walk(step, stage, known)


def lit_edges(walk: Walk) -> set[tuple[int, int, int]]:
    """The weights the current stage reads: into a unit being summed, out of a unit whose δ is being sent back."""
    target, layers = walk.stage.target, walk.step.layers
    if target.kind != UNIT:
        return set()
    if walk.stage.phase == FORWARD:
        return {(target.layer, r, target.row) for r in range(len(layers[target.layer - 1].weight))}
    if walk.stage.phase == BACKWARD and target.layer < len(layers):
        return {(target.layer + 1, target.row, c) for c in range(len(layers[target.layer].bias))}
    return set()


def draw_network(walk: Walk, width: int, height: int) -> Text:
    step, stage = walk.step, walk.stage
    example = step.examples[walk.example]
    sizes = [len(example.x)] + [len(layer.bias) for layer in step.layers]
    last = len(step.layers)
    known, focus = walk.known, stage.target
    canvas = Canvas(max(width, 1), max(height, 1))

    def weight(i: int, r: int, c: int) -> float:
        return next((u.new for u in step.updates if u.layer == i and u.row == r and u.column == c), 0.0) if (
            (UPDATE, Target(EDGE, i, r, c)) in known
        ) else step.layers[i - 1].weight[r][c]

    def bias(i: int, c: int) -> float:
        if (UPDATE, Target(BIAS, i, 0, c)) in known:
            return next(u.new for u in step.updates if u.layer == i and u.row is None and u.column == c)
        return step.layers[i - 1].bias[c]

    def value(i: int, j: int) -> str:
        if i == 0:
            return short(example.x[j])
        return short(example.layers[i - 1].a[j]) if (FORWARD, Target(UNIT, i, j)) in known else "·"

    def delta(i: int, j: int) -> str:
        return short(example.layers[i - 1].delta[j]) if (BACKWARD, Target(UNIT, i, j)) in known else "·"

    def name(i: int, j: int) -> str:
        return f"x[{j + 1}]" if i == 0 else f"{'z' if i == last else 'h'}{i}[{j + 1}]"

    loss_known = (ERROR, Target(LOSS)) in known
    batch_known = (MEAN, Target(LOSS)) in known
    loss_value = short(step.batch_loss) if batch_known else short(example.loss) if loss_known else "·"
    loss_rows = [("mean E" if batch_known else "E") + " " + loss_value, f"y {short(example.target)}"]

    # Sizes: the full box when every column fits; else one row per unit, "[value]", under a row of column names.
    full = max(sizes) * BOX_ROWS + max(sizes) - 1 <= height
    if max(sizes) > height - 1:
        shape = "-".join(map(str, sizes))
        too_many = _("A {shape} network has more units in a layer than this window has rows: enlarge it to see the picture.")
        return Text(too_many.format(shape=shape) + " " + _("The formulas below walk every stage."))
    if full:
        texts = [name(i, j) for i, n in enumerate(sizes) for j in range(n)] + [f"b {short(b)}" for layer in step.layers for b in layer.bias]
        texts += [f"δ {short(v)}" for lv in example.layers for v in lv.delta]
    else:
        texts = [short(v) for v in example.x] + [f"δ {short(v)}" for lv in example.layers for v in [*lv.a, *lv.delta]]
    inner = min(max(max(map(len, texts)), len(loss_rows[0]), 7 if full else 4), 12)
    box_w = inner + 2
    top = 0 if full else 1
    columns = len(sizes) + 1
    loss_gap = 3
    gap = max(3, (width - columns * box_w - loss_gap) // max(len(sizes) - 1, 1))
    xs = [k * (box_w + gap) for k in range(len(sizes))]
    xs.append(xs[-1] + box_w + loss_gap)
    if not full:
        for k, title in enumerate([name(0, 0)[0]] + [name(i, 0)[:2] for i in range(1, last + 1)] + [_("loss")]):
            canvas.put(xs[k] + 1, 0, title, "bold")

    def centres(n: int) -> list[int]:
        slot = (height - top) / n
        return [top + int(slot * k + slot / 2) - (1 if full else 0) for k in range(n)]  # the value row of each box

    ys = [centres(n) for n in sizes]
    loss_y = sum(ys[-1]) // len(ys[-1])

    # Lines first, boxes and labels over them.
    lit = lit_edges(walk)
    edges = [(i, r, c) for i in range(1, last + 1) for r in range(sizes[i - 1]) for c in range(sizes[i])]
    is_focus = {(focus.layer, focus.row, focus.column)} if focus.kind == EDGE else set()
    for i, r, c in sorted(edges, key=lambda e: (e in is_focus, e in lit)):
        style = FOCUS_LINE_STYLE if (i, r, c) in is_focus else LIT_STYLE if (i, r, c) in lit else EDGE_STYLE
        for x, y, glyph in line_cells(xs[i - 1] + box_w, ys[i - 1][r], xs[i] - 1, ys[i][c]):
            canvas.put(x, y, glyph, style)
    for j in range(sizes[-1]):
        for x, y, glyph in line_cells(xs[-2] + box_w, ys[-1][j], xs[-1] - 1, loss_y):
            canvas.put(x, y, glyph, FOCUS_LINE_STYLE if focus.kind == LOSS else EDGE_STYLE)

    def box(x: int, y: int, title: str, rows: list[tuple[str, str]], border: str) -> None:
        """rows: (text, style); y is the first row's line."""
        if not full:
            canvas.put(x, y, "[", border, take=True)
            canvas.put(x + 1, y, rows[0][0].ljust(inner)[:inner], rows[0][1], take=True)
            canvas.put(x + box_w - 1, y, "]", border, take=True)
            return
        canvas.put(x, y - 1, ("┌" + title).ljust(box_w - 1, "─")[: box_w - 1] + "┐", border, take=True)
        for k, (text, style) in enumerate(rows):
            canvas.put(x, y + k, "│", border, take=True)
            canvas.put(x + 1, y + k, text.ljust(inner)[:inner], style, take=True)
            canvas.put(x + box_w - 1, y + k, "│", border, take=True)
        canvas.put(x, y + len(rows), "└" + "─" * (box_w - 2) + "┘", border, take=True)

    for i, n in enumerate(sizes):
        for j in range(n):
            unit = focus.kind == UNIT and (focus.layer, focus.row) == (i, j)
            border = FOCUS_LINE_STYLE if unit or (focus.kind == BIAS and (focus.layer, focus.column) == (i, j)) else ""
            rows = [(value(i, j), FOCUS_STYLE if unit and stage.phase == FORWARD else "")]
            if i > 0:
                focus_delta = unit and stage.phase == BACKWARD
                rows += [
                    (f"δ {delta(i, j)}", FOCUS_STYLE if focus_delta else ""),
                    (f"b {short(bias(i, j))}", FOCUS_STYLE if focus.kind == BIAS and (focus.layer, focus.column) == (i, j) else ""),
                ]
                if not full and stage.phase != FORWARD and (BACKWARD, Target(UNIT, i, j)) in known:
                    rows = rows[1:]  # one row: the value on the way forward, δ on the way back
            box(xs[i], ys[i][j], name(i, j), rows, border)
    loss_focus = focus.kind == LOSS
    loss_box = [(loss_rows[0], FOCUS_STYLE if loss_focus else ""), (loss_rows[1], "")]
    box(xs[-1], loss_y, _("loss"), loss_box, FOCUS_LINE_STYLE if loss_focus else "")

    # Weight labels: the focused edge's first, so it always gets a place. Between two layers of more than 6 lines
    # a label could sit on any of several crossing lines: there only the lines in use are labelled.
    crowded = {i for i in range(1, last + 1) if sizes[i - 1] * sizes[i] > MAX_LABELLED_LINES}
    for i, r, c in sorted(edges, key=lambda e: (e not in is_focus, e not in lit)):
        if i in crowded and (i, r, c) not in is_focus and (i, r, c) not in lit:
            continue
        label = short(weight(i, r, c))
        cells = line_cells(xs[i - 1] + box_w, ys[i - 1][r], xs[i] - 1, ys[i][c])
        style = FOCUS_STYLE if (i, r, c) in is_focus else LIT_STYLE if (i, r, c) in lit else ""
        for place in LABEL_PLACES:
            x, y, _glyph = cells[round(place * (len(cells) - 1))]
            x -= len(label) // 2
            if canvas.free(x, y, len(label)):
                canvas.put(x, y, label, style, take=True)
                break
    return canvas.text()
