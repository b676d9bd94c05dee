"""A live chart of one quantity per epoch, train and validation, with the best epoch marked; or per step.

Redraws only when told (`redraw()`), so the screen decides how often a chart costs GIL time.
Train and validation differ by marker as well as colour, and the best epoch is a star,
so the chart reads the same with NO_COLOR. The step view (`show_steps`) draws the training loss of single
steps instead (docs/DESIGN.md §Charts), kept bounded like the epochs.
"""

from __future__ import annotations

from textual_plotext import PlotextPlot

from tui.app.chart_history import ChartHistory, series
from tui.app.chart_range import short_ticks, y_range
from tui.core.i18n import N_, _, translated

SERIES_MARKERS = ("•", "x")  # train, validation
SERIES_COLORS = ("blue+", "orange+")
BEST_MARKER = "*"
STEP_MARKER = "braille"  # a fine line: the noise of single steps is the point of the view


class MetricChart(PlotextPlot):
    DEFAULT_CSS = """
    MetricChart { width: 1fr; height: 1fr; min-height: 6; }
    """  # not translated: CSS

    def __init__(self, title: str, names: tuple[str, str] = (N_("train"), N_("val")), *, id: str | None = None) -> None:
        """`title` and `names`: English, marked N_ by the caller; translated when drawn."""
        super().__init__(id=id)
        self.title = title
        self.names = names
        self.history = ChartHistory()
        self.steps = ChartHistory()  # (global step, (training loss,))
        self.per_step = False
        self.best: tuple[float, float] | None = None
        self.dirty = False
        self.shown_title = ""

    def reset(self, title: str | None = None) -> None:
        self.title = title or self.title
        self.history.clear()
        self.steps.clear()
        self.best = None
        self.dirty = True

    def add(self, epoch: int, train: float | None, val: float | None) -> None:
        self.history.add(epoch, (train, val))
        self.dirty = True

    def add_steps(self, steps: list[int], losses: list[float]) -> None:
        for step, loss in zip(steps, losses):
            self.steps.add(step, (loss,))
        self.dirty = self.dirty or self.per_step

    def show_steps(self, per_step: bool) -> None:
        """Per step (the training loss of single steps) or per epoch."""
        self.per_step = per_step
        self.dirty = True

    def mark_best(self, epoch: int, value: float | None) -> None:
        self.best = None if value is None else (epoch, value)
        self.dirty = True

    def heading(self, width: int) -> str:
        """The longest title that fits (plotext drops a title wider than the plot)."""
        best = _("best")
        key = " ".join(f"{m}{_(n)}" for m, n in zip(SERIES_MARKERS, self.names)) + f" {BEST_MARKER}{best}"
        title, short = self._titles()
        per_epoch = _("{title} per epoch  {key}")
        return fitting(width, per_epoch.format(title=title, key=key), per_epoch.format(title=short, key=key),
                       _("{title}/epoch {key}").format(title=short, key=key), key)

    def step_heading(self, width: int) -> str:
        title, short = self._titles()
        name = _(self.names[0])
        per_step = _("{title} per step ({series})")
        return fitting(width, per_step.format(title=title, series=name), per_step.format(title=short, series=name),
                       _("{title}/step").format(title=short))

    def _titles(self) -> tuple[str, str]:
        """The title in the reader's language, whole and without its " (…)" (a name such as the loss's, kept)."""
        head, bracket, rest = self.title.partition(" (")
        short = translated(head)
        return short + bracket + rest, short

    def redraw(self) -> None:
        """Rebuild the plot from the kept points (at most about one per column) and repaint."""
        self.dirty = False
        plt = self.plt
        plt.clear_figure()  # limits and ticks too: each view sets its own
        if self.per_step:
            self._draw_steps()
            return
        points = self.history.sampled(max(2, self.size.width - 12))
        drawn: list[float] = []
        for index in range(len(self.names)):
            xs, ys = series(points, index)
            if xs:
                plt.plot(xs, ys, marker=SERIES_MARKERS[index], color=SERIES_COLORS[index])
                drawn.extend(ys)
        # The key lives in the title: plotext's legend box would cover the start of a falling loss curve.
        self.shown_title = self.heading(self.size.width)
        if points and not drawn:  # a run that diverged at once: say why the chart is empty
            none = _("{title}: no finite value to draw (NaN or inf)").format(title=self._titles()[0])
            self.shown_title = fitting(self.size.width, none, _("no finite value (NaN/inf)"))
        plt.title(self.shown_title)
        if points:
            plt.xticks(epoch_ticks(points[0][0], points[-1][0]))
        if self.best is not None:
            plt.scatter([self.best[0]], [self.best[1]], marker=BEST_MARKER, color="green+")
            drawn.append(self.best[1])
        self._scale(drawn)  # a minimum span: a flat curve draws flat (docs/DESIGN.md §Charts)
        self.refresh()

    def _draw_steps(self) -> None:
        plt = self.plt
        points = self.steps.sampled(max(2, 2 * (self.size.width - 12)))  # braille: two dots per column
        xs, ys = series(points, 0)
        if xs:
            plt.plot(xs, ys, marker=STEP_MARKER, color=SERIES_COLORS[0])
        self.shown_title = self.step_heading(self.size.width - 10)  # a diverging loss's y labels are wide: 96855122.2
        if not points:
            none_yet = _("{title} per step: none yet").format(title=self._titles()[0])
            self.shown_title = fitting(self.size.width, none_yet, _("no steps yet"))
        elif not xs:
            none = _("{title} per step: no finite value to draw (NaN or inf)").format(title=self._titles()[0])
            self.shown_title = fitting(self.size.width, none, _("no finite value (NaN/inf)"))
        plt.title(self.shown_title)
        if points:
            plt.xticks(epoch_ticks(points[0][0], points[-1][0]))
        self._scale(ys)
        self.refresh()

    def _scale(self, values: list[float]) -> None:
        plt = self.plt
        limits = y_range(values)
        if limits is not None:
            plt.ylim(*limits)
            ticks = short_ticks(*limits)
            if ticks is not None:
                plt.yticks(*ticks)


def fitting(width: int, *texts: str) -> str:
    """The first text that fits a chart `width` wide (plotext drops a title wider than the plot)."""
    return next((text for text in texts if len(text) <= width - 2), "")


def epoch_ticks(first: float, last: float, count: int = 5) -> list[float]:
    """Whole-epoch ticks (plotext would label 6.8 epochs); whole numbers, typed as the floats plotext takes."""
    lo, hi = int(first), int(last)
    if hi - lo < count:
        return list(range(lo, hi + 1))
    return sorted({round(lo + (hi - lo) * i / (count - 1)) for i in range(count)})
