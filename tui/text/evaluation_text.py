"""`nn-tui evaluate`'s report as lines of text (the CLI prints them; the app's evaluation view shows them)."""

from __future__ import annotations

from typing import Any

from tui.core.vocabulary import CLASSIFICATION


def report_lines(report: dict[str, Any]) -> list[str]:
    lines = [f"{report['run']}: {report['data']}, {report['rows']:,} rows"]
    if report["task"] == CLASSIFICATION:
        return lines + confusion_lines(report) + [""] + score_lines(report)
    baseline = report["baseline"]
    return lines + [
        f"MAE {number(report['mae'])}  RMSE {number(report['rmse'])}  R² {fraction(report['r2'])}",
        f"baseline, always the mean ({number(baseline['predicts'])}): MAE {number(baseline['mae'])}  "
        f"RMSE {number(baseline['rmse'])}  R² 0",
    ]


def confusion_lines(report: dict[str, Any]) -> list[str]:
    classes = [str(name) for name in report["classes"]]
    width = max(len("true \\ predicted"), *(len(name) for name in classes))
    cell = max(6, *(len(name) for name in classes), *(len(str(v)) for row in report["confusion_matrix"] for v in row))
    lines = ["Confusion matrix (rows: true class, columns: predicted)", "true \\ predicted".ljust(width) + "".join(
        f"  {name:>{cell}}" for name in classes
    )]
    for name, row in zip(classes, report["confusion_matrix"]):
        lines.append(name.ljust(width) + "".join(f"  {value:>{cell}}" for value in row))
    return lines


def score_lines(report: dict[str, Any]) -> list[str]:
    rows = [(c["class"], c["precision"], c["recall"], c["f1"], str(c["support"])) for c in report["per_class"]]
    rows += [(f"{avg} avg", report[avg]["precision"], report[avg]["recall"], report[avg]["f1"], "") for avg in ("macro", "weighted")]
    width = max(12, *(len(str(row[0])) for row in rows))
    lines = [f"{'class':<{width}}  precision  recall      f1  support"]
    for name, p, r, f, support in rows:
        lines.append(f"{name:<{width}}  {fraction(p):>9}  {fraction(r):>6}  {fraction(f):>6}  {support:>7}".rstrip())
    baseline = report["baseline"]
    lines.append(
        f"accuracy {fraction(report['accuracy'])} (baseline, always {baseline['predicts']!r}: {fraction(baseline['accuracy'])})"
    )
    return lines


def fraction(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4g}"
