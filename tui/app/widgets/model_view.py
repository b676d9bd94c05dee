"""The model panel of the training screen: what the network computes, as the training process paints it.

Two input features: the decision regions with the data on top, or each hidden unit's output (small
networks). One input feature and a numeric target: the fitted curve over the points. The panel keeps
the latest pictures (tui.core.events: ViewPoints, RegionsPainted, CurveFitted, NeuronsPainted) and
redraws only when told, like the charts (docs/DESIGN.md §Model views).
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual_plotext import PlotextPlot

from tui.app.widgets.metric_chart import SERIES_COLORS, SERIES_MARKERS, fitting
from tui.app.widgets.model_picture import (
    PLAIN_REGIONS,
    TRAIN_POINT,
    VAL_POINT,
    cell_style,
    class_colour,
    neurons_rows,
    plain_point,
    point_colour,
    regions_rows,
)
from tui.core.events import CurveFitted, Event, NeuronsPainted, RegionsPainted, ViewPoints
from tui.core.i18n import _, number
from tui.core.model_views import NEURONS, REGIONS

CURVE = "curve"
TITLE = Style(bold=True)


class PictureView(Widget):
    """Decision regions or the hidden units' tiles, drawn as lines of cells (Textual's line API)."""

    DEFAULT_CSS = """
    PictureView { width: 1fr; height: 1fr; }
    """  # not translated: CSS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mode = REGIONS
        self.points: ViewPoints | None = None
        self.regions: RegionsPainted | None = None
        self.neurons: NeuronsPainted | None = None
        self.show_val = False
        self.lines: list[Strip] = []

    def redraw(self) -> None:
        width, height = self.size.width, self.size.height
        plain = self.app.no_color
        rows: list[list[Segment]] = []
        if self.mode == NEURONS and self.neurons is not None:
            title = _("each hidden unit's output, epoch {epoch}").format(epoch=self.neurons.epoch)
            rows = [[Segment(fitting(width, title, _("hidden units")), TITLE)]]
            rows += neurons_rows(self.neurons, width, height - 1, plain=plain)
        elif self.mode == REGIONS and self.regions is not None and self.points is not None:
            rows = [self._key_line(width, plain)]
            val = self.points.val if self.show_val else []
            rows += regions_rows(self.regions, self.points.train, val, width, max(1, height - 2), plain=plain)
            rows.append([Segment(self._axes_line(width), Style(dim=True))])
        else:
            rows = [[Segment(_("waiting for the model's first picture…"), Style(dim=True))]]
        base = self.rich_style  # the theme's colours under every cell (NO_COLOR's filter needs a style on each)
        self.lines = [Strip(Segment.apply_style(row, base)).adjust_cell_length(width, base) for row in rows]
        self.refresh()

    def _key_line(self, width: int, plain: bool) -> list[Segment]:
        """The title and a key: each class's colour (or marks), and what the points are."""
        assert self.regions is not None and self.points is not None
        names = self.points.class_names or [str(i) for i in range(1 + max((int(p[2]) for p in self.points.train), default=1))]
        epoch = self.regions.epoch
        title = fitting(width, _("decision regions, epoch {epoch}").format(epoch=epoch) + " ", _("epoch {epoch}").format(epoch=epoch) + " ")
        segments = [Segment(title, TITLE)]
        for index, name in enumerate(names):
            if plain:
                mark = f"{PLAIN_REGIONS[index % len(PLAIN_REGIONS)]}{plain_point(index, False)}"
                segments.append(Segment(f"{mark} {name} "))
            else:
                segments.append(Segment(TRAIN_POINT, cell_style(point_colour(index))))
                segments.append(Segment(f" {name} ", cell_style(class_colour(index))))
        shown = _("lower case") if plain else VAL_POINT
        val = _("{mark} val (o hides)").format(mark=shown) if self.show_val else _("o: val points")
        segments.append(Segment(f"· {val}", Style(dim=True)))
        return segments

    def _axes_line(self, width: int) -> str:
        assert self.regions is not None and self.points is not None
        (x0, x1), (y0, y1) = self.regions.x_range, self.regions.y_range
        fx, fy = (self.points.features + ["x", "y"])[:2]
        low_x, high_x, low_y, high_y = (number(value, ".3g") for value in (x0, x1, y0, y1))
        ranges = _("{x} {x0} … {x1} across · {y} {y0} … {y1} up").format(x=fx, x0=low_x, x1=high_x, y=fy, y0=low_y, y1=high_y)
        return fitting(width, ranges, _("{x} across, {y} up").format(x=fx, y=fy))

    def on_resize(self) -> None:
        self.redraw()

    def render_line(self, y: int) -> Strip:
        return self.lines[y] if y < len(self.lines) else Strip.blank(self.size.width, self.rich_style)


class CurveChart(PlotextPlot):
    """One input feature, a numeric target: the data as points and the model's prediction as a line."""

    DEFAULT_CSS = """
    CurveChart { width: 1fr; height: 1fr; }
    """  # not translated: CSS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.points: ViewPoints | None = None
        self.curve: CurveFitted | None = None
        self.show_val = False

    def redraw(self) -> None:
        plt = self.plt
        plt.clear_data()
        width = self.size.width - 8  # plotext drops a title wider than the plot, which the y labels narrow
        if self.points is not None:
            train = self.points.train
            plt.scatter([p[0] for p in train], [p[1] for p in train], marker=SERIES_MARKERS[0], color=SERIES_COLORS[0])
            if self.show_val and self.points.val:
                val = self.points.val
                plt.scatter([p[0] for p in val], [p[1] for p in val], marker=SERIES_MARKERS[1], color=SERIES_COLORS[1])
        title = _("fitted curve: waiting for the model")
        if self.curve is not None:
            plt.plot(self.curve.x, self.curve.y, marker="braille", color="green+")
            train_mark, val_mark = SERIES_MARKERS
            train_word, val_word = _("train"), _("val")
            shown = f"{train_mark}{train_word} {val_mark}{val_word}" if self.show_val else f"{train_mark}{train_word}"
            epoch = self.curve.epoch
            title = fitting(width, _("fitted curve, epoch {epoch}  {key} ─model").format(epoch=epoch, key=shown),
                            _("epoch {epoch} {key} ─model").format(epoch=epoch, key=shown))
        plt.title(title)
        self.refresh()

    def on_resize(self) -> None:
        self.redraw()  # the title is fitted to the width


class ModelPanel(Vertical):
    """The model's pictures for the run; `cycle()` moves between the views the run has."""

    DEFAULT_CSS = """
    ModelPanel { width: 1fr; height: 1fr; min-height: 6; }
    ModelPanel CurveChart { display: none; }
    ModelPanel.-curve CurveChart { display: block; }
    ModelPanel.-curve PictureView { display: none; }
    """  # not translated: CSS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.picture = PictureView()
        self.curve = CurveChart()
        self.modes: list[str] = []  # the views this run has, as their events arrive
        self.dirty = False

    def compose(self) -> Any:
        yield self.picture
        yield self.curve

    @property
    def mode(self) -> str:
        return CURVE if self.has_class("-curve") else self.picture.mode

    def take(self, event: Event) -> None:
        """Keep the latest picture of its kind."""
        if isinstance(event, ViewPoints):
            self.picture.points = self.curve.points = event
        elif isinstance(event, RegionsPainted):
            self.picture.regions = event
            self._offer(REGIONS)
        elif isinstance(event, NeuronsPainted):
            self.picture.neurons = event
            self._offer(NEURONS)
        elif isinstance(event, CurveFitted):
            self.curve.curve = event
            self._offer(CURVE)
        self.dirty = True

    def _offer(self, mode: str) -> None:
        if mode not in self.modes:
            self.modes.append(mode)
            if len(self.modes) == 1:
                self.show(mode)

    def show(self, mode: str) -> None:
        self.set_class(mode == CURVE, "-curve")
        if mode != CURVE:
            self.picture.mode = mode
        self.dirty = True

    def next_mode(self) -> str | None:
        """The view after the one shown; None after the last (the panel then closes)."""
        if self.mode not in self.modes:
            return self.modes[0] if self.modes else None
        index = self.modes.index(self.mode) + 1
        return self.modes[index] if index < len(self.modes) else None

    def toggle_val(self) -> None:
        self.picture.show_val = self.curve.show_val = not self.picture.show_val
        self.dirty = True

    def redraw(self) -> None:
        self.dirty = False
        (self.curve if self.mode == CURVE else self.picture).redraw()
