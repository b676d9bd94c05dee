"""Reading a CSV file into text columns, and each column into numbers, with a clear error for a bad file.

Kept apart from the choice of target and features (csv_file.py). Numbers are parsed once per column,
by numpy in one call when the whole column is numeric (the common case: 100 000 rows in well under a second).
"""

from __future__ import annotations

import csv
import io
import math
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from tui.core.errors import DataError
from tui.core.memory import available_memory, size_text
from tui.data.sources.echo import column_list, quoted

READ_MEMORY_FACTOR = 20  # the text, the cells as strings, the numbers: up to 20x the file's size, measured
MISSING = {"", "nan", "na", "n/a", "null", "?"}  # compared lower-case, after stripping spaces


def is_missing(cell: str) -> bool:
    return cell.lower() in MISSING


@dataclass
class Column:
    """One column read as numbers: value (NaN where none), and which cells are missing or not numbers."""

    raw: list[str]  # the cells as in the file, surrounding spaces included

    @cached_property
    def cells(self) -> list[str]:
        """The cells without surrounding spaces (stripped only when asked: most columns are numbers)."""
        return [cell.strip() for cell in self.raw]

    @cached_property
    def _parsed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        try:
            values = np.array(self.raw, dtype=np.float64)  # fast path: every cell a number (or "nan"); spaces allowed
        except ValueError:
            return self._parse_each()
        missing = np.isnan(values)
        return values, missing, np.isinf(values)

    def _parse_each(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        values = np.full(len(self.cells), np.nan)
        missing = np.zeros(len(self.cells), dtype=bool)
        bad = np.zeros(len(self.cells), dtype=bool)
        for i, cell in enumerate(self.cells):
            if is_missing(cell):
                missing[i] = True
                continue
            try:
                number = float(cell)
            except ValueError:
                bad[i] = True
                continue
            if math.isfinite(number):
                values[i] = number
            else:
                bad[i] = True
        return values, missing, bad

    @property
    def values(self) -> np.ndarray:
        return self._parsed[0]

    @property
    def missing(self) -> np.ndarray:
        return self._parsed[1]

    @property
    def not_number(self) -> np.ndarray:
        """Cells present but not a finite number (a word, 'inf')."""
        return self._parsed[2]


@dataclass
class Table:
    """The cells of a CSV as text, one Column per header name, and each row's line number in the file."""

    path: Path
    header: list[str]
    columns: dict[str, Column]
    lines: list[int] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.lines)


def read_table(path: Path) -> Table:
    """Parse the file into text columns; refuse files that are missing, empty, binary, not UTF-8 or ragged."""
    where = str(path)
    raw = _read_bytes(path)
    text = _decode(where, raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    lines: list[int] = []
    rows: list[list[str]] = []
    try:
        header = [name.strip() for name in next(reader)]
        for row in reader:
            if "".join(row).strip():  # skip blank lines (a trailing newline, ',,,' rows)
                lines.append(reader.line_num)
                rows.append(row)
    except csv.Error as error:
        raise DataError(f"{where}: line {reader.line_num}: not valid CSV ({error})") from None
    _check_header(where, header)
    if not rows:
        raise DataError(f"{where}: only a header row ({column_list(header)}), no data rows")
    width = len(header)
    for line, row in zip(lines, rows):
        if len(row) != width:
            raise DataError(f"{where}: line {line} has {len(row)} fields but the header has {width} ({column_list(header)})")
    columns = {name: Column(list(cells)) for name, cells in zip(header, zip(*rows))}
    return Table(path, header, columns, lines)


def _read_bytes(path: Path) -> bytes:
    try:
        if _is_device(path):  # /dev/zero or /dev/urandom would be read until memory runs out
            raise DataError.about("data.path", f"{path} is a device or socket, not a CSV file")
        _refuse_too_large(path)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError.about("data.path", f"no such file: {path}") from None
    except IsADirectoryError:
        raise DataError.about("data.path", f"{path} is a folder, not a CSV file") from None
    except OSError as error:
        raise DataError.about("data.path", f"cannot read {path} ({error.strerror})") from None
    if not raw.strip():
        raise DataError(f"{path}: the file is empty; a CSV needs a header row and at least one data row")
    return raw


def _refuse_too_large(path: Path) -> None:
    """A file whose reading would take more memory than there is: refused before it is read, naming both sizes."""
    size = path.stat().st_size
    room = available_memory()
    if room is not None and size * READ_MEMORY_FACTOR > room:
        raise DataError.about(
            "data.path",
            f"{path} is {size_text(size)}; reading it takes about {size_text(size * READ_MEMORY_FACTOR)} of memory "
            f"({READ_MEMORY_FACTOR}x the file) but {size_text(room)} is available; use a smaller file or fewer rows",
        )


def _is_device(path: Path) -> bool:
    """A character or block device or a socket. (A named pipe is fine: `<(zcat data.csv.gz)` ends.)"""
    mode = path.stat().st_mode
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)


def _decode(where: str, raw: bytes) -> str:
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise DataError(
            f"{where}: line {line} holds a NUL byte, so this is not a text CSV (a spreadsheet or UTF-16 file?); save it as CSV in UTF-8"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DataError(
            f"{where}: not UTF-8 text: byte 0x{raw[error.start]:02x} at line {line} (byte offset {error.start}); save the file as UTF-8"
        ) from None


def _delimiter(text: str) -> str:
    # Comma unless the header clearly uses semicolons or tabs (common spreadsheet exports).
    first = text.split("\n", 1)[0]
    if "," not in first:
        for candidate in (";", "\t"):
            if candidate in first:
                return candidate
    return ","


def _check_header(where: str, header: list[str]) -> None:
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if not name:
            raise DataError(f"{where}: line 1: column {number} has no name; the first row must name every column")
        if name in seen:
            raise DataError(f"{where}: line 1: the column name {quoted(name)} appears twice; column names must be unique")
        seen.add(name)
