"""Several runs' loss curves in one chart: validation and training per run, one colour per run, a legend.

Runs are told apart by colour and named in the legend (one line per run); validation and
training by marker ("•" validation, "·" training), explained in the title. Without colour
(NO_COLOR) each run draws with its own letter instead: capital for validation, small for training.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from textual_plotext import PlotextPlot

from tui.app.widgets.metric_chart import epoch_ticks
from tui.core.i18n import _, translated

RUN_COLORS = ("blue+", "orange+", "green+", "magenta+", "cyan+", "red+", "yellow+", "white")
VAL_MARKER, TRAIN_MARKER = "•", "·"
RUN_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: they read as 1 and 0 on the axis
MAX_POINTS = 200  # per curve; more than a terminal is wide
CLIP_FACTOR = 3.0  # the y axis stops at this many times the runs' typical first loss


@dataclass(frozen=True)
class RunCurves:
    label: str  # shown in the legend
    epochs: list[float | None]
    train: list[float | None]
    val: list[float | None]


def thin(xs: list[float | None], ys: list[float | None], limit: int = MAX_POINTS) -> tuple[list[float], list[float]]:
    """Drop missing and non-finite values; keep at most `limit` evenly spaced points (always the last)."""
    points = [(x, y) for x, y in zip(xs, ys) if x is not None and y is not None and math.isfinite(y)]
    if len(points) > limit:
        step = len(points) / limit
        points = [points[int(i * step)] for i in range(limit - 1)] + [points[-1]]
    return [p[0] for p in points], [p[1] for p in points]


def y_top(curves: list[RunCurves]) -> float | None:
    """An upper limit when one run blew up (lr too large): its curve is cut so the others stay readable."""
    firsts, highest = [], -math.inf
    for run in curves:
        values = [v for v in (*run.val, *run.train) if v is not None and math.isfinite(v)]
        if values:
            highest = max(highest, *values)
            first = next((v for v in (*run.train, *run.val) if v is not None and math.isfinite(v)), None)
            if first is not None:
                firsts.append(first)
    if len(firsts) < 2:
        return None
    cap = CLIP_FACTOR * statistics.median(firsts)
    return cap if 0 < cap < highest else None


class RunsChart(PlotextPlot):
    DEFAULT_CSS = """
    RunsChart { height: 1fr; min-height: 8; }
    """  # not translated: CSS

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.curves: list[RunCurves] = []
        self.metric = "loss"  # the overlaid metric's name, as the title says it

    def show(self, curves: list[RunCurves], metric: str = "loss") -> None:
        self.curves = curves
        self.metric = metric
        self.redraw()

    def redraw(self) -> None:
        plt = self.plt
        plt.clear_data()
        if not self.curves:
            plt.title(_("Select runs with space to compare their {metric} curves").format(metric=translated(self.metric)))
            self.refresh()
            return
        top = y_top(self.curves) if self.metric == "loss" else None  # only a loss blows up
        clipped = "   " + _("(cut at the top: a run blew up)") if top is not None else ""
        plain = self.app.no_color
        if plain:
            key = _("A validation   a training (a letter per run)")
        else:
            key = _("{val} validation   {train} training").format(val=VAL_MARKER, train=TRAIN_MARKER)
        metric = translated(self.metric)
        plt.title(_("{metric} per epoch   {key}").format(metric=metric[:1].upper() + metric[1:], key=key) + clipped)
        if top is not None:
            low = min(v for run in self.curves for v in (*run.val, *run.train) if v is not None and math.isfinite(v))
            plt.ylim(min(0.0, low), top)
        plt.xlabel(_("epoch"))
        last = max((x for run in self.curves for x in run.epochs if x is not None), default=1)
        plt.xticks(epoch_ticks(1, int(last)))
        for index, run in enumerate(self.curves):
            color = RUN_COLORS[index % len(RUN_COLORS)]
            labelled = False  # one legend line per run (its colour); the title explains the markers
            for marker, values in zip(run_markers(index, plain), (run.val, run.train)):
                xs, ys = thin(run.epochs, values)
                if xs:
                    plt.plot(xs, ys, marker=marker, color=color, label=None if labelled else run.label)
                    labelled = True
        self.refresh()


def run_markers(index: int, plain: bool) -> tuple[str, str]:
    """(validation, training) markers of the `index`-th run: dots told apart by colour, or its own letter without colour."""
    if not plain:
        return VAL_MARKER, TRAIN_MARKER
    letter = RUN_LETTERS[index % len(RUN_LETTERS)]
    return letter, letter.lower()
