"""Reading a CSV (or Parquet) file into columns, and each column into numbers, with a clear error for a bad file.

Kept apart from the choice of target and features (csv_file.py). pyarrow's CSV reader parses the file (in
parallel, numbers typed as it goes); a file it refuses (a ragged row, a line of spaces) is read again by
Python's csv module, which finds the line to name or reads what pyarrow would not. Row line numbers are
only counted when a message needs one. A column pyarrow could not type as numbers is parsed a cell at a
time, so a stray word keeps its line.
"""

from __future__ import annotations

import csv
import io
import math
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from tui.core.errors import DataError
from tui.core.i18n import N_
from tui.core.memory import available_memory, size_text
from tui.data.sources import csv_scan
from tui.data.sources.echo import column_list, quoted

READ_MEMORY_FACTOR = 20  # the text, the cells as strings, the numbers: up to 20x the file's size, measured
MISSING = {"", "nan", "na", "n/a", "null", "?"}  # compared lower-case, after stripping spaces
# pyarrow compares null markers exactly: the missing words in the spellings people write.
NULL_VALUES = sorted({form for word in MISSING for form in (word, word.upper(), word.capitalize())} | {"NaN"})
PARQUET_SUFFIXES = (".parquet", ".pq")
BLOCK_BYTES = 16 << 20  # pyarrow parses the file in blocks of this size (larger blocks were faster here)
LARGE_FILE_BYTES = 4 << 20  # a regular file larger than this is parsed from disk, not read into memory first


def is_missing(cell: str) -> bool:
    return cell.lower() in MISSING


@dataclass
class Column:
    """One column read as numbers: value (NaN where none), and which cells are missing or not numbers.

    Built from the file's text cells (`raw`), or from a column pyarrow already typed (`typed`: numbers
    with NaN for a missing cell, or None).
    """

    raw: list[str] = field(default_factory=list)  # the cells as in the file, surrounding spaces included
    typed: np.ndarray | None = None
    typed_missing: np.ndarray | None = None

    @cached_property
    def cells(self) -> list[str]:
        """The cells without surrounding spaces (made only when asked: most columns are numbers)."""
        if self.typed is not None:
            assert self.typed_missing is not None
            return ["" if gap else _number_text(v) for v, gap in zip(self.typed.tolist(), self.typed_missing.tolist())]
        return [cell.strip() for cell in self.raw]

    @cached_property
    def _parsed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.typed is not None:
            assert self.typed_missing is not None
            return self.typed, self.typed_missing, np.isinf(self.typed)
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


class LineNumbers:
    """Each row's line in the file, counted on first use (only error messages need them)."""

    def __init__(self, count: Callable[[], list[int]]) -> None:
        self._count = count
        self._lines: list[int] | None = None

    def __getitem__(self, row: int) -> int:
        if self._lines is None:
            self._lines = self._count()
        return self._lines[row]


@dataclass
class Table:
    """One Column per header name, the number of data rows, and each row's line number in the file."""

    path: Path
    header: list[str]
    columns: dict[str, Column]
    n_rows: int
    lines: LineNumbers


def read_table(path: Path) -> Table:
    """Parse the file into columns; refuse files that are missing, empty, binary, not UTF-8 or ragged."""
    where = str(path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return _read_parquet(path)
    large = _read_large(path) if _is_large_file(path) else None
    if large is not None:
        return large
    raw = _read_bytes(path)
    _check_text(where, raw)
    first = _decode(where, raw[: raw.find(b"\n") if b"\n" in raw else len(raw)])
    sep = delimiter(first)
    header = _header(where, first, sep)
    _check_header(where, header)
    lines = LineNumbers(lambda: _row_lines(_decode(where, raw), sep))
    # pyarrow checks the rest is UTF-8; on one thread: a small file gains nothing from its thread pool, and a process
    # that used the pool was seen to abort now and then while exiting under load ("terminate called without an
    # active exception")
    table = _read_with_arrow(path, lambda: _buffer(raw), header, sep, lines, threads=len(raw) > LARGE_FILE_BYTES)
    return table if table is not None else _read_with_csv_module(path, _decode(where, raw), header, sep)


def _is_large_file(path: Path) -> bool:
    """A regular file big enough to be worth parsing from disk (a pipe can only be read once: it is read into memory)."""
    try:
        info = path.stat()
    except OSError:
        return False  # _read_bytes names what is wrong
    return stat.S_ISREG(info.st_mode) and info.st_size > LARGE_FILE_BYTES


def _read_large(path: Path) -> Table | None:
    """pyarrow parses the file from disk; it is read whole into memory only when pyarrow refuses it (to name the line).
    None for a blank first line: the small-file path says what is wrong."""
    where = str(path)
    _refuse_too_large(path)
    head = csv_scan.header_line(path)
    nul = csv_scan.first_nul_line(path)
    if nul is not None:
        _check_text(where, b"\n" * (nul - 1) + b"\x00")  # the same message as a small file's
    first = _decode(where, head)
    if not first.strip():
        return None
    sep = delimiter(first)
    header = _header(where, first, sep)
    _check_header(where, header)
    lines = LineNumbers(lambda: _row_lines(_decode(where, _read_bytes(path)), sep))
    table = _read_with_arrow(path, lambda: str(path), header, sep, lines)
    if table is not None:
        return table
    too_long = csv_scan.first_line_longer_than(path, BLOCK_BYTES)
    if too_long is not None:  # pyarrow's blocks cannot hold it; read whole, it could take all memory
        raise DataError(
            N_("{path}: line {line} is longer than {size}; a row that long is not a table row "
               "(a one-line or binary file?)").format(path=where, line=too_long, size=size_text(BLOCK_BYTES))
        )
    raw = _read_bytes(path)
    return _read_with_csv_module(path, _decode(where, raw), header, sep)


def _buffer(raw: bytes) -> Any:
    import pyarrow as pa

    return pa.BufferReader(raw)


def _read_with_arrow(path: Path, source: Callable[[], Any], header: list[str], sep: str, lines: LineNumbers,
                     threads: bool = True) -> Table | None:
    """The fast path; None when pyarrow refuses the file (the csv module then reads it, or names the line)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    options = pacsv.ReadOptions(column_names=[f"c{i}" for i in range(len(header))], skip_rows=1, block_size=BLOCK_BYTES,
                                use_threads=threads)
    try:
        arrow = pacsv.read_csv(
            source(),
            read_options=options,
            parse_options=pacsv.ParseOptions(delimiter=sep),
            convert_options=pacsv.ConvertOptions(null_values=NULL_VALUES, strings_can_be_null=True),
        )
        # Only numbers are typed: a column read as dates or booleans is read again as its text, as the file has it.
        odd = {f"c{i}": pa.string() for i, kind in enumerate(arrow.schema.types) if not _numeric_or_text(kind)}
        if odd:
            arrow = pacsv.read_csv(
                source(),
                read_options=options,
                parse_options=pacsv.ParseOptions(delimiter=sep),
                convert_options=pacsv.ConvertOptions(null_values=NULL_VALUES, strings_can_be_null=True, column_types=odd),
            )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    # Peak memory: each pyarrow column is let go once it is numpy, and pyarrow's allocator, which otherwise keeps
    # what it freed (the parse's blocks: ~1.5x the file), gives it back each time.
    n_arrow_rows, arrow_columns = arrow.num_rows, arrow.columns
    del arrow
    columns = []
    for i in range(len(header)):
        pa.default_memory_pool().release_unused()
        columns.append(_arrow_column(arrow_columns[i]))
        arrow_columns[i] = None
    pa.default_memory_pool().release_unused()
    blank = np.ones(n_arrow_rows, dtype=bool)  # rows with every cell blank (',,,') are skipped, as blank lines are
    for column in columns:
        blank &= column.missing if column.typed is not None else np.array([not cell for cell in column.cells], dtype=bool)
    if blank.any():
        keep = np.flatnonzero(~blank)
        columns = [_take(column, keep) for column in columns]
    n_rows = int((~blank).sum())
    if n_rows == 0:
        raise DataError(N_("{path}: only a header row ({columns}), no data rows").format(path=path, columns=", ".join(header)))
    return Table(path, header, dict(zip(header, columns)), n_rows, lines)


def _arrow_column(values: Any) -> Column:
    import pyarrow as pa

    if pa.types.is_integer(values.type) or pa.types.is_floating(values.type):
        # Chunk by chunk into one numpy array (nulls become NaN): no whole-column copy held by pyarrow's allocator.
        numbers, start = np.empty(len(values)), 0
        for chunk in getattr(values, "chunks", [values]):
            numbers[start : start + len(chunk)] = chunk.to_numpy(zero_copy_only=False)
            start += len(chunk)
        return Column(typed=numbers, typed_missing=np.isnan(numbers))
    if pa.types.is_null(values.type):  # every cell missing
        return Column(typed=np.full(len(values), np.nan), typed_missing=np.ones(len(values), dtype=bool))
    return Column(["" if cell is None else str(cell) for cell in values.to_pylist()])


def _numeric_or_text(kind: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_string(kind) or pa.types.is_null(kind))


def _take(column: Column, rows: np.ndarray) -> Column:
    if column.typed is not None:
        assert column.typed_missing is not None
        return Column(typed=column.typed[rows], typed_missing=column.typed_missing[rows])
    return Column([column.raw[i] for i in rows])


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _header(where: str, first_line: str, sep: str) -> list[str]:
    try:
        return [name.strip() for name in next(csv.reader([first_line], delimiter=sep))]
    except (csv.Error, StopIteration) as error:
        raise DataError(N_("{path}: line 1: not valid CSV ({reason})").format(path=where, reason=error)) from None


def _csv_rows(text: str, sep: str) -> tuple[list[int], list[list[str]]]:
    """The data rows by Python's csv module, blank lines skipped, with their line numbers."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    lines: list[int] = []
    rows: list[list[str]] = []
    next(reader)
    for row in reader:
        if "".join(row).strip():  # skip blank lines (a trailing newline, ',,,' rows)
            lines.append(reader.line_num)
            rows.append(row)
    return lines, rows


def _row_lines(text: str, sep: str) -> list[int]:
    return _csv_rows(text, sep)[0]


def _read_with_csv_module(path: Path, text: str, header: list[str], sep: str) -> Table:
    where = str(path)
    try:
        lines, rows = _csv_rows(text, sep)
    except csv.Error as error:
        raise DataError(N_("{path}: not valid CSV ({reason})").format(path=where, reason=error)) from None
    if not rows:
        raise DataError(N_("{path}: only a header row ({columns}), no data rows").format(path=where, columns=column_list(header)))
    width = len(header)
    for line, row in zip(lines, rows):
        if len(row) != width:
            raise DataError(N_("{path}: line {line} has {count} fields but the header has {width} ({columns})").format(
                path=where, line=line, count=len(row), width=width, columns=column_list(header)))
    columns = {name: Column(list(cells)) for name, cells in zip(header, zip(*rows))}
    return Table(path, header, columns, len(rows), LineNumbers(lambda: lines))


def _read_parquet(path: Path) -> Table:
    """A Parquet file: typed columns as they are; 'line N' in a message is data row N."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if _is_device(path):
            raise DataError.about("data.path", N_("{path} is a device or socket, not a Parquet file").format(path=path))
        arrow = pq.read_table(path)
    except FileNotFoundError:
        raise DataError.about("data.path", N_("no such file: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise DataError.about("data.path", N_("{path} is a folder, not a Parquet file").format(path=path)) from None
    except (OSError, pa.ArrowException) as error:
        raise DataError.about("data.path", N_("cannot read {path} as Parquet ({reason})").format(path=path, reason=error)) from None
    header = [str(name).strip() for name in arrow.column_names]
    _check_header(str(path), header)
    if arrow.num_rows == 0:
        raise DataError(N_("{path}: no data rows").format(path=path))
    columns = {}
    for name, values in zip(header, arrow.columns):
        column = _arrow_column(values)
        columns[name] = column
    return Table(path, header, columns, arrow.num_rows, LineNumbers(lambda: list(range(1, arrow.num_rows + 1))))


def _read_bytes(path: Path) -> bytes:
    try:
        if _is_device(path):  # /dev/zero or /dev/urandom would be read until memory runs out
            raise DataError.about("data.path", N_("{path} is a device or socket, not a CSV file").format(path=path))
        _refuse_too_large(path)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError.about("data.path", N_("no such file: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise DataError.about("data.path", N_("{path} is a folder, not a CSV file").format(path=path)) from None
    except OSError as error:
        raise DataError.about("data.path", N_("cannot read {path} ({reason})").format(path=path, reason=error.strerror)) from None
    if not raw or raw.isspace():
        raise DataError(N_("{path}: the file is empty; a CSV needs a header row and at least one data row").format(path=path))
    return raw


def _refuse_too_large(path: Path) -> None:
    """A file whose reading would take more memory than there is: refused before it is read, naming both sizes."""
    size = path.stat().st_size
    room = available_memory()
    if room is not None and size * READ_MEMORY_FACTOR > room:
        raise DataError.about(
            "data.path",
            N_("{path} is {size}; reading it takes about {needed} of memory ({factor}x the file) but {room} is available; "
               "use a smaller file or fewer rows").format(
                path=path, size=size_text(size), needed=size_text(size * READ_MEMORY_FACTOR), factor=READ_MEMORY_FACTOR,
                room=size_text(room)),
        )


def _is_device(path: Path) -> bool:
    """A character or block device or a socket. (A named pipe is fine: `<(zcat data.csv.gz)` ends.)"""
    mode = path.stat().st_mode
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode)


def _check_text(where: str, raw: bytes) -> None:
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise DataError(
            N_("{path}: line {line} holds a NUL byte, so this is not a text CSV (a spreadsheet or UTF-16 file?); "
               "save it as CSV in UTF-8").format(path=where, line=line)
        )


def _decode(where: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DataError(
            N_("{path}: not UTF-8 text: byte 0x{byte:02x} at line {line} (byte offset {offset}); save the file as UTF-8").format(
                path=where, byte=raw[error.start], line=line, offset=error.start)
        ) from None


def delimiter(first_line: str) -> str:
    # Comma unless the header clearly uses semicolons or tabs (common spreadsheet exports).
    if "," not in first_line:
        for candidate in (";", "\t"):
            if candidate in first_line:
                return candidate
    return ","


def _check_header(where: str, header: list[str]) -> None:
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if not name:
            raise DataError(N_("{path}: line 1: column {number} has no name; the first row must name every column").format(
                path=where, number=number))
        if name in seen:
            raise DataError(N_("{path}: line 1: the column name {name} appears twice; column names must be unique").format(
                path=where, name=quoted(name)))
        seen.add(name)
