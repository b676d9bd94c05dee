"""The user's own data: a CSV file with a header row (`dataset = "csv"`, `path`, `target`).

Every way a file can be unusable becomes a DataError that names the file and the line,
column or value at fault. Reading uses the standard csv module and numpy only.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import DataConfig
from ..data import RawData, register
from ..errors import DataError

MISSING = {"", "nan", "na", "n/a", "null", "?"}  # compared lower-case, after stripping spaces
MAX_CLASSES_INFERRED = 10  # an integer target with at most this many values is read as classes


@dataclass
class Table:
    """The cells of a CSV as text: one list per column, with each row's line number in the file."""

    path: Path
    header: list[str]
    columns: dict[str, list[str]]
    lines: list[int]

    @property
    def n_rows(self) -> int:
        return len(self.lines)


@dataclass
class Selection:
    """The columns a run uses, after dropping rows with missing cells."""

    table: Table
    target: str
    features: list[str]
    task: str
    keep: np.ndarray  # row indices kept

    def values(self, column: str) -> list[str]:
        cells = self.table.columns[column]
        return [cells[i] for i in self.keep]

    def line(self, row: int) -> int:
        return self.table.lines[self.keep[row]]


@register("csv")
def load_csv(config: DataConfig, seed: int) -> RawData:
    selection = select(read_table(Path(str(config.path))), config)
    x = np.column_stack([numeric_column(selection, name) for name in selection.features])
    if selection.task == "regression":
        return RawData(x, numeric_column(selection, selection.target), "regression", selection.features)
    y, class_names = encode_classes(selection, config.val_split)
    return RawData(x, y, "classification", selection.features, class_names)


# ---------------------------------------------------------------- reading the file


def read_table(path: Path) -> Table:
    """Parse the file into text columns; refuse files that are missing, empty, not UTF-8 or ragged."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"data.path: no such file: {where}") from None
    except IsADirectoryError:
        raise DataError(f"data.path: {where} is a folder, not a CSV file") from None
    except OSError as error:
        raise DataError(f"data.path: cannot read {where} ({error.strerror})") from None
    if not raw.strip():
        raise DataError(f"{where}: the file is empty; a CSV needs a header row and at least one data row")
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise DataError(
            f"{where}: line {line} holds a NUL byte, so this is not a text CSV (a spreadsheet or UTF-16 file?); save it as CSV in UTF-8"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DataError(
            f"{where}: not UTF-8 text: byte 0x{raw[error.start]:02x} at line {line} (byte offset {error.start}); save the file as UTF-8"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = [name.strip() for name in next(reader)]
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise DataError(f"{where}: line {reader.line_num}: not valid CSV ({error})") from None
    _check_header(where, header)
    if not rows:
        raise DataError(f"{where}: only a header row ({', '.join(header)}), no data rows")
    columns: dict[str, list[str]] = {name: [] for name in header}
    for line, row in rows:
        if len(row) != len(header):
            raise DataError(f"{where}: line {line} has {len(row)} fields but the header has {len(header)} ({', '.join(header)})")
        for name, cell in zip(header, row):
            columns[name].append(cell.strip())
    return Table(path, header, columns, [line for line, _ in rows])


def _delimiter(text: str) -> str:
    # Comma unless the header clearly uses semicolons or tabs (common spreadsheet exports).
    first = text.split("\n", 1)[0]
    if "," not in first:
        for candidate in (";", "\t"):
            if candidate in first:
                return candidate
    return ","


def _check_header(where: str, header: list[str]) -> None:
    for number, name in enumerate(header, start=1):
        if not name:
            raise DataError(f"{where}: line 1: column {number} has no name; the first row must name every column")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataError(f"{where}: line 1: the column name {name!r} appears twice; column names must be unique")
        seen.add(name)


# ---------------------------------------------------------------- choosing columns


def select(table: Table, config: DataConfig) -> Selection:
    """Pick the target and feature columns, infer the task, and handle rows with missing cells."""
    where = str(table.path)
    target = str(config.target)
    if target not in table.columns:
        raise DataError(f"data.target: no column {target!r} in {where}{_suggest(target, table.header)}; columns: {', '.join(table.header)}")
    features = _features(table, config, target)
    keep = _rows_to_keep(table, [*features, target], config.drop_missing)
    task = config.task or infer_task([table.columns[target][i] for i in keep])
    selection = Selection(table, target, features, task, keep)
    if task == "regression":
        _first_non_number(selection, target, "data.task is 'regression' but the target column")
    return selection


def _features(table: Table, config: DataConfig, target: str) -> list[str]:
    where = str(table.path)
    if config.features is not None:
        if not config.features:
            raise DataError("data.features: the list is empty; name at least one column, or remove 'features' to use every numeric column")
        for name in config.features:
            if name not in table.columns:
                raise DataError(
                    f"data.features: no column {name!r} in {where}{_suggest(name, table.header)}; columns: {', '.join(table.header)}"
                )
            if name == target:
                raise DataError(f"data.features: {name!r} is the target column; a feature cannot also be the target")
        if len(set(config.features)) != len(config.features):
            raise DataError("data.features: a column is listed twice")
        return list(config.features)
    # Default: every other column that holds numbers. A column of words (names, ids) is left out;
    # a column of numbers with a stray word in it is kept, and refused later with that word's line.
    features = [name for name in table.header if name != target and _mostly_numeric(table.columns[name])]
    if not features:
        raise DataError(
            f"{where}: no numeric feature columns besides the target {target!r}; columns: {', '.join(table.header)} "
            "(features must be numbers)"
        )
    return features


def _mostly_numeric(cells: list[str]) -> bool:
    present = [cell for cell in cells if not is_missing(cell)]
    return bool(present) and sum(_is_number(cell) for cell in present) * 2 > len(present)


def _rows_to_keep(table: Table, used: list[str], drop_missing: bool) -> np.ndarray:
    missing = np.zeros(table.n_rows, dtype=bool)
    counts: dict[str, int] = {}
    for name in used:
        flags = np.fromiter((is_missing(cell) for cell in table.columns[name]), dtype=bool, count=table.n_rows)
        if flags.any():
            counts[name] = int(flags.sum())
            missing |= flags
    if counts and not drop_missing:
        first_line = table.lines[int(np.flatnonzero(missing)[0])]
        per_column = ", ".join(f"{name}: {count}" for name, count in counts.items())
        raise DataError(
            f"{table.path}: {int(missing.sum())} rows have blank or NaN cells ({per_column}; first at line {first_line}); "
            "fill them in, or set data.drop_missing = true to drop those rows"
        )
    keep = np.flatnonzero(~missing)
    if len(keep) == 0:
        raise DataError(f"{table.path}: 0 rows left after dropping rows with blank or NaN cells (every row has one)")
    return keep


# ---------------------------------------------------------------- cells to numbers


def is_missing(cell: str) -> bool:
    return cell.lower() in MISSING


def _is_number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


def infer_task(target_cells: list[str]) -> str:
    """Words, or a few distinct whole numbers, are classes; any other numbers are a regression target."""
    if not all(_is_number(cell) for cell in target_cells):
        return "classification"
    values = {float(cell) for cell in target_cells}
    few = len(values) <= MAX_CLASSES_INFERRED and len(values) * 2 <= len(target_cells)
    return "classification" if few and all(v.is_integer() for v in values) else "regression"


def _first_non_number(selection: Selection, column: str, what: str) -> None:
    for row, cell in enumerate(selection.values(column)):
        if not _is_number(cell):
            raise DataError(f"{selection.table.path}: {what} {column!r} has {cell!r} at line {selection.line(row)}, not a finite number")


def numeric_column(selection: Selection, column: str) -> np.ndarray:
    cells = selection.values(column)
    try:
        values = np.asarray([float(cell) for cell in cells], dtype=np.float64)
    except ValueError:
        values = None
    if values is None or not np.isfinite(values).all():
        what = "the target column" if column == selection.target else "feature column"
        _first_non_number(selection, column, what)
    return values  # type: ignore[return-value]


def encode_classes(selection: Selection, val_split: float) -> tuple[np.ndarray, list[str]]:
    """Class labels → indices 0..K-1 (numbers in numeric order, words alphabetically); names keep the mapping."""
    cells = selection.values(selection.target)
    where = f"{selection.table.path}: target column {selection.target!r}"
    if all(_is_number(cell) for cell in cells):
        numbers = sorted({float(cell) for cell in cells})
        names = [_label(v) for v in numbers]
        index = {v: i for i, v in enumerate(numbers)}
        y = np.asarray([index[float(cell)] for cell in cells], dtype=np.int64)
    else:
        names = sorted(set(cells))
        index_by_name = {name: i for i, name in enumerate(names)}
        y = np.asarray([index_by_name[cell] for cell in cells], dtype=np.int64)
    if len(names) < 2:
        raise DataError(f"{where} has a single class {names[0]!r}; classification needs at least 2 classes")
    if val_split > 0:
        counts = np.bincount(y, minlength=len(names))
        for i, count in enumerate(counts):
            if count < 2:
                line = selection.line(int(np.flatnonzero(y == i)[0]))
                raise DataError(
                    f"{where}: class {names[i]!r} has only 1 example (line {line}); the stratified train/validation "
                    "split needs at least 2 per class (add examples, remove that row, or set data.val_split = 0)"
                )
    return y, names


def _label(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
