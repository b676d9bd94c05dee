"""What each column of a CSV holds (number, integer or text) and which ones look like a row index.

The loader infers the features from this when `data.features` is not set, and the setup form's column
picker shows it. A row index (a column named id, rownames or index, an unnamed leading column, or
consecutive whole numbers 1, 2, 3, …) says where a row sits in the file, not what the row is: used as a
feature, the network learns the file's order. It is left out unless listed in `data.features`, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from tui.core.i18n import N_

if TYPE_CHECKING:
    import numpy as np  # imported where a file is read: the setup form shows columns without it

NUMBER, INTEGER, TEXT = "number", "integer", "text"  # what a column holds
INDEX_NAMES = {"id", "rownames", "index", "row", "rowid", "row_id", "row.names"}
UNNAMED = re.compile(r"unnamed(: ?\d+)?|\.\.\.\d+")  # pandas' "Unnamed: 0", readr's "...1"
MIN_SEQUENCE = 3  # shorter columns are too short to call a sequence
TOO_MANY_VALUES = N_("text with too many values to one-hot encode")  # why a text column is left out


class _Cells(Protocol):  # tui.data.sources.csv_table.Column, which imports this module's users: no import back
    @property
    def values(self) -> np.ndarray: ...

    @property
    def missing(self) -> np.ndarray: ...

    @property
    def cells(self) -> list[str]: ...

    @property
    def not_number(self) -> np.ndarray: ...


class Table(Protocol):  # tui.data.sources.csv_table.Table
    header: list[str]

    @property
    def columns(self) -> Mapping[str, _Cells]: ...

    @property
    def n_rows(self) -> int: ...


@dataclass(frozen=True)
class ColumnInfo:
    """One column: its name, what it holds, and why it looks like a row index ("" when it does not)."""

    name: str
    kind: str  # NUMBER, INTEGER or TEXT
    index_reason: str = ""
    missing: int = 0  # blank or NaN cells
    one_hot: bool = False  # TEXT with few enough distinct values to one-hot encode (tui/data/preprocessing.py)

    @property
    def usable(self) -> bool:
        """Used as a feature by default: numbers, or text to one-hot encode, that are not a row index."""
        return (self.kind != TEXT or self.one_hot) and not self.index_reason


def describe_columns(table: Table) -> list[ColumnInfo]:
    """Each column of the table in file order."""
    return [_describe(table, name, position) for position, name in enumerate(table.header)]


def inferred_features(columns: list[ColumnInfo], target: str) -> list[str]:
    """The features used when `data.features` is not set: every usable column but the target."""
    return [column.name for column in columns if column.name != target and column.usable]


def left_out_note(columns: list[ColumnInfo], target: str) -> str:
    """One line naming the columns the inferred features leave out and why ("" when none is left out)."""
    parts = [
        f"{column.name} ({column.index_reason or TOO_MANY_VALUES})"  # not translated: a column and its reason, listed
        for column in columns
        if column.name != target and not column.usable
    ]
    if not parts:
        return ""
    return N_("Not used as features: {columns}; list them in data.features (the column picker) to use them.").format(
        columns=", ".join(parts))


def column_kind(table: Table, name: str) -> str:
    """TEXT unless most present cells are numbers (a stray word is reported when the column is read);
    INTEGER when every number is whole."""
    import numpy as np

    column = table.columns[name]
    present = ~column.missing
    numbers = present & ~column.not_number
    if int(numbers.sum()) * 2 <= int(present.sum()):
        return TEXT
    values = column.values if numbers.all() else column.values[numbers]
    head = values[:1000]  # most number columns show a fraction at once: no pass over every row
    if not bool(np.all(head == np.round(head))):
        return NUMBER
    return INTEGER if bool(np.all(values == np.round(values))) else NUMBER


def _describe(table: Table, name: str, position: int) -> ColumnInfo:
    kind = column_kind(table, name)
    return ColumnInfo(name, kind, index_reason(table, name, position, kind), int(table.columns[name].missing.sum()),
                      one_hot=kind == TEXT and _few_values(table, name))


def one_hot_column(table: Table, name: str) -> bool:
    """Words (not mostly numbers) with few enough distinct values to one-hot encode."""
    return column_kind(table, name) == TEXT and _few_values(table, name)


def _few_values(table: Table, name: str) -> bool:
    from tui.data.preprocessing import suits_one_hot

    column = table.columns[name]
    present = [cell for cell, missing in zip(column.cells, column.missing) if not missing]
    return suits_one_hot(len(set(present)), len(present))


def index_reason(table: Table, name: str, position: int, kind: str) -> str:
    """Why the column looks like a row index, or ""."""
    lowered = name.strip().lower()
    if lowered in INDEX_NAMES:
        return N_("row index: its name")
    if position == 0 and UNNAMED.fullmatch(lowered):
        return N_("row index: unnamed first column")
    if kind == INTEGER and _consecutive(table, name):
        return N_("row index: 1, 2, 3, …")
    return ""


def _consecutive(table: Table, name: str) -> bool:
    """1, 2, 3, … (any start, up or down, no gaps, no blanks) in file order."""
    import numpy as np

    column = table.columns[name]
    if table.n_rows < MIN_SEQUENCE or column.missing.any() or column.not_number.any():
        return False
    steps = np.diff(column.values)
    return bool(np.all(steps == 1) or np.all(steps == -1))
