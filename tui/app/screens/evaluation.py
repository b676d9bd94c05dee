"""The evaluation view of a saved run: `nn-tui evaluate` in the app, the confusion matrix as a coloured grid.

The evaluation needs torch, which the app never imports: a thread runs `python -m tui evaluate RUN --json`
in a child process and the screen draws its report (or its one-line refusal, such as a run from before
model.json). Opened from the end of a run (the training screen) and from the runs screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from tui.app.widgets.footer import TranslatedFooter
from tui.core.i18n import N_, _, number, translated
from tui.core.vocabulary import CLASSIFICATION
from tui.text.evaluation_text import report_lines, score_lines

EVALUATE_TIMEOUT_S = 300
Report = dict[str, Any]
Evaluator = Callable[[Path], tuple[bool, Report | str]]


def evaluate_in_child(run_dir: Path) -> tuple[bool, Report | str]:
    """(True, report) or (False, the child's error line)."""
    package_root = str(Path(__file__).resolve().parents[3])  # so the child imports this same `tui`
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tui", "evaluate", str(run_dir), "--json"],
            capture_output=True, text=True, encoding="utf-8", env=env, timeout=EVALUATE_TIMEOUT_S, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, f"{type(error).__name__}: {error}"
    if done.returncode == 0:
        return True, json.loads(done.stdout)
    last = (done.stderr.strip().splitlines() or [_("exit code {code}").format(code=done.returncode)])[-1]
    return False, last.removeprefix("nn-tui: error: ")  # not translated: the prefix of the CLI's error line, the same in both languages


def confusion_grid(report: Report) -> Table:
    """Rows: true class, columns: predicted. The diagonal green, mistakes red, deeper for a larger share of the row."""
    classes = [str(name) for name in report["classes"]]
    grid = Table(title=_("Confusion matrix"), title_justify="left", caption=_("rows: true class · columns: predicted"),
                 caption_justify="left")
    grid.add_column(_("true \\ predicted"), style="bold")
    for name in classes:
        grid.add_column(name, justify="right")
    for i, (name, row) in enumerate(zip(classes, report["confusion_matrix"])):
        total = sum(row) or 1
        cells = []
        for j, count in enumerate(row):
            share = count / total
            if count == 0:
                style = "dim"
            elif i == j:
                style = "bold black on green" if share >= 0.5 else "black on dark_sea_green"  # not translated: Rich styles
            else:
                style = "bold white on red" if share >= 0.2 else "black on light_salmon3"  # not translated: Rich styles
            cells.append(Text(str(count), style=style))
        grid.add_row(name, *cells)
    return grid


class EvaluationScreen(Screen[None]):
    DEFAULT_CSS = """
    EvaluationScreen #evaluation-status { padding: 0 1; text-style: bold; }
    EvaluationScreen #evaluation-grid, EvaluationScreen #evaluation-body { padding: 0 1; }
    """  # not translated: CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", N_("Back"))]

    def __init__(self, run_dir: Path, evaluator: Evaluator = evaluate_in_child) -> None:
        super().__init__()
        self.run_dir = run_dir
        self.evaluator = evaluator
        self.result: Report | str | None = None  # the report, or why there is none, once the child has answered

    def compose(self) -> ComposeResult:
        yield Label(_("Evaluating {run} on its validation split …").format(run=self.run_dir.name), id="evaluation-status")
        with VerticalScroll(id="evaluation-scroll"):
            yield Static(id="evaluation-grid")
            yield Static(id="evaluation-body")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.evaluate()

    @work(thread=True, exclusive=True)
    def evaluate(self) -> None:
        ok, result = self.evaluator(self.run_dir)
        self.app.call_from_thread(self.show, ok, result)

    def show(self, ok: bool, result: Report | str) -> None:
        self.result = result
        status = self.query_one("#evaluation-status", Label)
        if not ok or isinstance(result, str):
            status.update(Text(_("✗ Cannot evaluate {run}: {problem}").format(run=self.run_dir.name, problem=translated(str(result)))))
            return
        rows = number(result["rows"], ",")
        data = translated(result["data"])  # "validation split", or the CSV evaluated on
        status.update(Text(_("{run}: {data}, {rows} rows (escape: back)").format(run=self.run_dir.name, data=data, rows=rows)))
        if result["task"] == CLASSIFICATION:
            self.query_one("#evaluation-grid", Static).update(confusion_grid(result))
            lines = score_lines(result)
        else:
            lines = report_lines(result)[1:]
        self.query_one("#evaluation-body", Static).update(Text("\n".join(["", *lines])))
        self.query_one("#evaluation-scroll").focus()

    def action_back(self) -> None:
        self.dismiss(None)

