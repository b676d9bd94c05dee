"""`nn-tui evaluate`'s report as lines of text (the CLI prints them; the app's evaluation view shows them)."""

from __future__ import annotations

from typing import Any

from tui.core.i18n import N_, _
from tui.core.i18n import number as localized
from tui.core.vocabulary import CLASSIFICATION


def report_lines(report: dict[str, Any]) -> list[str]:
    lines = [_("{run}: {data}, {rows} rows").format(run=report["run"], data=report["data"], rows=localized(report["rows"], ","))]
    if report["task"] == CLASSIFICATION:
        return lines + confusion_lines(report) + [""] + score_lines(report)
    baseline = report["baseline"]
    return lines + [
        f"MAE {number(report['mae'])}  RMSE {number(report['rmse'])}  R² {fraction(report['r2'])}",  # not translated: metric names
        _("baseline, always the mean ({mean}): MAE {mae}  RMSE {rmse}  R² 0").format(
            mean=number(baseline["predicts"]), mae=number(baseline["mae"]), rmse=number(baseline["rmse"])
        ),
    ]


def confusion_lines(report: dict[str, Any]) -> list[str]:
    classes = [str(name) for name in report["classes"]]
    corner = _("true \\ predicted")
    width = max(len(corner), *(len(name) for name in classes))
    cell = max(6, *(len(name) for name in classes), *(len(str(v)) for row in report["confusion_matrix"] for v in row))
    lines = [_("Confusion matrix (rows: true class, columns: predicted)"), corner.ljust(width) + "".join(
        f"  {name:>{cell}}" for name in classes
    )]
    for name, row in zip(classes, report["confusion_matrix"]):
        lines.append(name.ljust(width) + "".join(f"  {value:>{cell}}" for value in row))
    return lines


def score_lines(report: dict[str, Any]) -> list[str]:
    rows = [(c["class"], c["precision"], c["recall"], c["f1"], str(c["support"])) for c in report["per_class"]]
    rows += [(_(AVERAGES[avg]), report[avg]["precision"], report[avg]["recall"], report[avg]["f1"], "") for avg in ("macro", "weighted")]
    width = max(12, *(len(str(row[0])) for row in rows))
    lines = [_("{cls}  precision  recall      f1  support").format(cls=_("class").ljust(width))]
    for name, p, r, f, support in rows:
        lines.append(f"{name:<{width}}  {fraction(p):>9}  {fraction(r):>6}  {fraction(f):>6}  {support:>7}".rstrip())
    baseline = report["baseline"]
    lines.append(
        _("accuracy {accuracy} (baseline, always {predicts!r}: {baseline})").format(
            accuracy=fraction(report["accuracy"]), predicts=baseline["predicts"], baseline=fraction(baseline["accuracy"])
        )
    )
    return lines


AVERAGES = {"macro": N_("macro avg"), "weighted": N_("weighted avg")}


def fraction(value: float | None) -> str:
    return _("n/a") if value is None else localized(value, ".2f")


def number(value: float | None) -> str:
    return _("n/a") if value is None else localized(value, ".4g")
