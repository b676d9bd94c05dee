"""Looking through a large CSV file a block at a time, without holding it in memory.

A large regular file is parsed by pyarrow straight from disk (tui/data/sources/csv_table.py); these find what
its messages need: the header line (refused when absurdly long, before anything else is read), a NUL byte's
line, and the line too long for pyarrow's blocks.
"""

from __future__ import annotations

from pathlib import Path

from tui.core.errors import DataError
from tui.core.i18n import N_
from tui.core.memory import size_text

SCAN_BYTES = 8 << 20  # read this much at a time
MAX_HEADER_BYTES = 1 << 20  # a header line longer than this is not a header (a one-line or binary file)


def header_line(path: Path) -> bytes:
    """The first line's bytes (without its line end); refused when it runs past MAX_HEADER_BYTES."""
    with path.open("rb") as file:
        line = file.readline(MAX_HEADER_BYTES + 1)
    if len(line) > MAX_HEADER_BYTES:
        raise DataError(
            N_("{path}: line 1 is longer than {size} with no line end, so it is not a header row "
               "(a one-line or binary file?); the first line must name the columns").format(path=path, size=size_text(MAX_HEADER_BYTES))
        )
    return line.rstrip(b"\r\n")


def first_nul_line(path: Path) -> int | None:
    """The line of the file's first NUL byte, or None."""
    start = 0
    with path.open("rb") as file:
        for block in iter(lambda: file.read(SCAN_BYTES), b""):
            at = block.find(b"\x00")
            if at >= 0:
                return _line_of(path, start + at)
            start += len(block)
    return None


def _line_of(path: Path, offset: int) -> int:
    """The line holding byte `offset` (newlines are counted only once a message needs them)."""
    line = 1
    with path.open("rb") as file:
        while offset > 0:
            block = file.read(min(SCAN_BYTES, offset))
            if not block:
                break
            line += block.count(b"\n")
            offset -= len(block)
    return line


def first_line_longer_than(path: Path, limit: int) -> int | None:
    """The number of the first line longer than `limit` bytes, or None."""
    line, length = 1, 0  # the current line and its bytes so far
    with path.open("rb") as file:
        while block := file.read(SCAN_BYTES):
            start = 0
            while (end := block.find(b"\n", start)) >= 0:
                if length + end - start > limit:
                    return line
                line, length, start = line + 1, 0, end + 1
            length += len(block) - start
            if length > limit:
                return line
    return None
