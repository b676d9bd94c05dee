"""New rows for a saved run (predict, evaluate): the columns it needs, read in batches by pyarrow's CSV reader.

Memory stays bounded by the batch size however long the file is; columns the run does not need are not
even parsed. Every problem is one DataError naming the file and the column (and the row when one is at fault).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np

from tui.core.errors import DataError
from tui.core.i18n import N_
from tui.data.sources.csv_table import NULL_VALUES, delimiter

NUMBER, TEXT = "number", "text"
BLOCK_BYTES = 4 << 20  # each batch is about this much of the file


def header_of(path: Path) -> list[str]:
    """The file's column names; a DataError for a file that cannot be read as CSV."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except FileNotFoundError:
        raise DataError(N_("no such file: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise DataError(N_("{path} is a folder, not a CSV file").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(N_("cannot read {path} ({reason})").format(path=path, reason=error)) from None
    if not first.strip():
        raise DataError(N_("{path}: the file is empty; a CSV needs a header row").format(path=path))
    return [name.strip() for name in next(csv.reader([first], delimiter=delimiter(first)))]


def check_columns(path: Path, header: list[str], needed: list[str], what: str = "feature") -> None:
    missing = [name for name in needed if name not in header]
    if missing:
        if what == "feature":
            template = (N_("{path}: missing feature columns {names}; the run needs: {needed}") if len(missing) > 1
                        else N_("{path}: missing feature column {names}; the run needs: {needed}"))
        else:
            template = (N_("{path}: missing {what} columns {names}; the run needs: {needed}") if len(missing) > 1
                        else N_("{path}: missing {what} column {names}; the run needs: {needed}"))
        raise DataError(template.format(path=path, what=what, names=", ".join(map(repr, missing)), needed=", ".join(needed)))


def read_batches(path: Path, columns: Mapping[str, str], *, block_bytes: int = BLOCK_BYTES) -> Iterator[dict[str, np.ndarray]]:
    """Batches of the named columns (NUMBER as float64, TEXT as object arrays of str); no missing cell allowed."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    header = header_of(path)
    check_columns(path, header, list(columns))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sep = delimiter(handle.readline())
    types = {name: pa.float64() if kind == NUMBER else pa.string() for name, kind in columns.items()}
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=block_bytes),
            parse_options=pacsv.ParseOptions(delimiter=sep),
            convert_options=pacsv.ConvertOptions(
                column_types=types, include_columns=list(columns), null_values=NULL_VALUES, strings_can_be_null=True
            ),
        )
        rows_before = 0
        for batch in reader:
            frame: dict[str, np.ndarray] = {}
            for name, kind in columns.items():
                values = batch.column(name)
                if values.null_count:
                    row = rows_before + int(np.flatnonzero(values.is_null().to_numpy(zero_copy_only=False))[0]) + 1
                    raise DataError(N_("{path}: column {name!r} is blank or NaN in data row {row}; every used cell needs a value").format(
                        path=path, name=name, row=row))
                if kind == NUMBER:
                    frame[name] = values.to_numpy(zero_copy_only=False).astype(np.float64)
                else:
                    frame[name] = np.asarray([cell.strip() for cell in values.to_pylist()], dtype=object)
            rows_before += batch.num_rows
            yield frame
    except pa.ArrowInvalid as error:
        raise DataError(N_("{path}: {problem}").format(path=path, problem=_arrow_problem(path, str(error), header, columns, sep))) from None


def _arrow_problem(path: Path, message: str, header: list[str], columns: Mapping[str, str], sep: str) -> str:
    """pyarrow's conversion errors name the column by number, not the row: find the first bad cell to say which."""
    for name, kind in columns.items():
        if kind != NUMBER:
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle, delimiter=sep)
            next(rows)
            at = header.index(name)
            for number, row in enumerate(rows, start=1):
                cell = row[at].strip() if at < len(row) else ""
                if cell in NULL_VALUES:
                    continue
                try:
                    float(cell)
                except ValueError:
                    return N_("column {name!r} has {cell!r} in data row {row}, not a number").format(name=name, cell=cell, row=number)
    return message.splitlines()[0]
