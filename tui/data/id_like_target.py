"""Telling when a classification target looks like an id or name column rather than a label to learn.

A column with nearly a class per row (customer ids, names) trains a model that can only memorise. With a
validation split such a column is refused (a class with one example cannot be split, tui/data/sources/csv_file.py);
without one it trains, so the start of the run says so in one line.
"""

from __future__ import annotations

from tui.core.i18n import N_

MIN_CLASSES = 20  # a handful of classes on a handful of rows is a small data set, not an id column


def looks_like_an_id(classes: int, rows: int) -> bool:
    """At least MIN_CLASSES classes and at least one class for every two rows (on average under 2 examples each)."""
    return classes >= MIN_CLASSES and classes * 2 >= rows


def id_like_note(target: str, classes: int, rows: int) -> str:
    """A start-of-run note for an id-like target; '' for an ordinary one."""
    if not looks_like_an_id(classes, rows):
        return ""
    return N_("data.target {target!r}: {classes} classes for {rows} rows: is this an id or name column rather than a label? "
              "A model can only memorise it; pick another data.target").format(target=target, classes=classes, rows=rows)
