"""The user's own data: a CSV file with a header row (`dataset = "csv"`, `path`, `target`).

This module chooses the target and feature columns, infers the task and encodes class labels;
csv_table.py reads the file. Every way a file can be unusable becomes a DataError that names
the file and the line, column or value at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tui.core.config import DataConfig, closest
from tui.core.errors import DataError
from tui.core.i18n import N_
from tui.core.vocabulary import CLASSIFICATION, REGRESSION, Task
from tui.data.columns import describe_columns, inferred_features, left_out_note, one_hot_column
from tui.data.id_like_target import id_like_note
from tui.data.raw import RawData, register
from tui.data.sources.csv_table import Table, read_table
from tui.data.sources.echo import column_list, quoted

MAX_CLASSES_INFERRED = 10  # a whole-number target with at most this many values is read as classes


@dataclass
class Selection:
    """The columns a run uses and the rows kept (rows with a missing cell may be dropped)."""

    table: Table
    target: str
    features: list[str]
    task: Task
    keep: np.ndarray  # indices of the rows kept
    note: str = ""  # the columns the inferred features leave out, and why

    def cells(self, column: str) -> list[str]:
        cells = self.table.columns[column].cells
        return [cells[i] for i in self.keep]

    def numbers(self, column: str) -> np.ndarray:
        """The column's kept cells as numbers; a DataError names the first one that is not."""
        parsed = self.table.columns[column]
        bad = np.flatnonzero(parsed.not_number[self.keep])
        if len(bad):
            row = int(self.keep[bad[0]])
            template = (N_("{path}: the target column {column!r} has {cell} at line {line}, not a finite number")
                        if column == self.target else
                        N_("{path}: feature column {column!r} has {cell} at line {line}, not a finite number"))
            raise DataError(template.format(
                path=self.table.path, column=column, cell=quoted(parsed.cells[row]), line=self.table.lines[row]))
        return parsed.values if len(self.keep) == len(parsed.values) else parsed.values[self.keep]  # no copy when every row is kept

    def line(self, row: int) -> int:
        return self.table.lines[int(self.keep[row])]

    def is_text(self, column: str) -> bool:
        """A feature column of words with few distinct values: one-hot encoded (tui/data/preprocessing.py)."""
        return one_hot_column(self.table, column)


@register("csv")
def load_csv(config: DataConfig, seed: int) -> RawData:
    selection = select(read_table(Path(str(config.path))), config)
    text = {name: np.asarray(selection.cells(name), dtype=object) for name in selection.features if selection.is_text(name)}
    numeric = [selection.numbers(name) for name in selection.features if name not in text]
    x = np.column_stack(numeric) if numeric else np.empty((len(selection.keep), 0))
    notes = [selection.note] if selection.note else []
    if selection.task == REGRESSION:
        return RawData(x, selection.numbers(selection.target), REGRESSION, selection.features, text=text, notes=notes)
    y, class_names = encode_classes(selection, config.val_split)
    notes += [note] if (note := id_like_note(selection.target, len(class_names), len(y))) else []
    return RawData(x, y, CLASSIFICATION, selection.features, class_names, text=text, notes=notes)


def select(table: Table, config: DataConfig) -> Selection:
    """Pick the target and feature columns, handle rows with missing cells, infer the task."""
    target = str(config.target)
    if target not in table.columns:
        raise DataError.about("data.target", no_column(target, table))
    features, note = _features(table, config, target)
    keep = _rows_to_keep(table, [*features, target], config.drop_missing)
    task = config.task or infer_task(table, target, keep)
    selection = Selection(table, target, features, task, keep, note)
    if task == REGRESSION and table.columns[target].not_number[keep].any():
        row = int(keep[np.flatnonzero(table.columns[target].not_number[keep])[0]])
        raise DataError.about(
            "data.task",
            N_("{path}: the task is 'regression' but the target column {column!r} has {cell} at line {line}, not a number").format(
                path=table.path, column=target, cell=quoted(table.columns[target].cells[row]), line=table.lines[row]),
        )
    return selection


def _features(table: Table, config: DataConfig, target: str) -> tuple[list[str], str]:
    """The feature columns, and a note on the columns left out when they are inferred."""
    if config.features is not None:
        if not config.features:
            raise DataError.about(
                "data.features", N_("the list is empty; name at least one column, or remove 'features' to use every numeric column")
            )
        for name in config.features:
            if name not in table.columns:
                raise DataError.about("data.features", no_column(name, table))
            if name == target:
                raise DataError.about(
                    "data.features", N_("{name!r} is the target column; a feature cannot also be the target").format(name=name))
        if len(set(config.features)) != len(config.features):
            raise DataError.about("data.features", N_("a column is listed twice"))
        return list(config.features), ""
    # Default: every other column that holds numbers and is not a row index (tui/data/columns.py).
    # A column of numbers with a stray word in it is kept, and refused later with that word's line.
    columns = describe_columns(table)
    features = inferred_features(columns, target)
    if not features:
        left_out = left_out_note(columns, target)
        template = (N_("{path}: no numeric feature columns besides the target {target!r}; columns: {columns} "
                       "(features must be numbers, or text with few distinct values). {problem}") if left_out else
                    N_("{path}: no numeric feature columns besides the target {target!r}; columns: {columns} "
                       "(features must be numbers, or text with few distinct values)"))
        raise DataError(template.format(path=table.path, target=target, columns=column_list(table.header), problem=left_out))
    return features, left_out_note(columns, target)


def _rows_to_keep(table: Table, used: list[str], drop_missing: bool) -> np.ndarray:
    missing = np.zeros(table.n_rows, dtype=bool)
    counts: dict[str, int] = {}
    for name in used:
        flags = table.columns[name].missing
        if flags.any():
            counts[name] = int(flags.sum())
            missing |= flags
    if counts and not drop_missing:
        first_line = table.lines[int(np.flatnonzero(missing)[0])]
        per_column = ", ".join(f"{name}: {count}" for name, count in counts.items())
        raise DataError.about(
            "data.drop_missing",
            N_("{path}: {count} rows have blank or NaN cells ({per_column}; first at line {line}); "
               "fill them in, or set data.drop_missing = true to drop those rows").format(
                path=table.path, count=int(missing.sum()), per_column=per_column, line=first_line),
        )
    keep = np.flatnonzero(~missing)
    if len(keep) == 0:
        raise DataError(N_("{path}: 0 rows left after dropping rows with blank or NaN cells (every row has one)").format(path=table.path))
    return keep


def infer_task(table: Table, target: str, keep: np.ndarray) -> Task:
    """Words, or a few distinct whole numbers, are classes; any other numbers are a regression target."""
    column = table.columns[target]
    words = np.flatnonzero(column.not_number[keep])
    if len(words) * 2 >= len(keep):
        return CLASSIFICATION
    if len(words):  # mostly numbers with a stray word: guessing either task would mislead
        row = int(keep[words[0]])
        raise DataError.about(
            "data.task",
            N_("{path}: the target column {column!r} holds numbers but {cell} at line {line} is not one; "
               'fix that cell or leave it blank, or set data.task = "classification" if the values are class labels').format(
                path=table.path, column=target, cell=quoted(column.cells[row]), line=table.lines[row]),
        )
    values = np.unique(column.values[keep])
    few = len(values) <= MAX_CLASSES_INFERRED and len(values) * 2 <= len(keep)
    return CLASSIFICATION if few and bool(np.all(values == np.round(values))) else REGRESSION


def encode_classes(selection: Selection, val_split: float) -> tuple[np.ndarray, list[str]]:
    """Class labels → indices 0..K-1 (numbers in numeric order, words alphabetically); names keep the mapping."""
    column = selection.table.columns[selection.target]
    path, target = selection.table.path, selection.target
    if not column.not_number[selection.keep].any():
        numbers, y = np.unique(column.values[selection.keep], return_inverse=True)
        names = [_label(float(v)) for v in numbers]
    else:
        words, y = np.unique(np.asarray(selection.cells(selection.target), dtype=object), return_inverse=True)
        names = [str(w) for w in words]
    y = np.asarray(y, dtype=np.int64).reshape(-1)
    if len(names) < 2:
        raise DataError(N_("{path}: target column {column!r} has a single class {label}; classification needs at least 2 classes").format(
            path=path, column=target, label=quoted(names[0])))
    if val_split > 0:
        counts = np.bincount(y, minlength=len(names))
        for i, count in enumerate(counts):
            if count < 2:
                line = selection.line(int(np.flatnonzero(y == i)[0]))
                template = (N_("{path}: target column {column!r}: class {label} has only 1 example (line {line}); the stratified "
                               "train/validation split needs at least 2 per class (add examples, remove that row, or set "
                               "data.val_split = 0); {classes} classes for {rows} rows: is this an id or name column rather than "
                               "a label? pick another data.target") if _looks_like_an_id(len(names), len(y)) else
                            N_("{path}: target column {column!r}: class {label} has only 1 example (line {line}); the stratified "
                               "train/validation split needs at least 2 per class (add examples, remove that row, or set "
                               "data.val_split = 0)"))
                raise DataError(template.format(path=path, column=target, label=quoted(names[i]), line=line,
                                                classes=len(names), rows=len(y)))
    return y, names


def _looks_like_an_id(classes: int, rows: int) -> bool:
    """Nearly every row its own class: a name or id column, not a label to learn (the message says so)."""
    return classes * 10 >= rows * 9


def no_column(name: str, table: Table) -> str:
    """No column `name` in the file: the one it was probably meant to be, and the columns there are."""
    close = closest(name, table.header)
    template = (N_("no column {name!r} in {path} (did you mean {close!r}?); columns: {columns}") if close
                else N_("no column {name!r} in {path}; columns: {columns}"))
    return template.format(name=name, path=table.path, close=close, columns=column_list(table.header))


def _label(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)
