"""What an error message may quote from a data file: a little, escaped, and nothing from a file that is not a CSV.

data.path can name any file (a key file, /etc/passwd, binary junk); its error goes into logs and terminals.
"""

from __future__ import annotations

from tui.core.i18n import N_

MAX_QUOTED = 40  # characters of one cell or column name
MAX_NAMES = 12  # column names listed


def quoted(text: str) -> str:
    """A cell or name as Python quotes it (control characters escaped), cut to MAX_QUOTED characters."""
    return repr(text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…")


def column_list(header: list[str]) -> str:
    """The header's names for a message; a one-field first line (no delimiter: likely not a CSV) is not quoted."""
    if len(header) == 1:
        return N_("one unnamed-looking field (line 1 has no comma, semicolon or tab: is this a CSV file?)")
    names = ", ".join(_cut(name) for name in header[:MAX_NAMES])
    return N_("{names}, … ({count} in all)").format(names=names, count=len(header)) if len(header) > MAX_NAMES else names


def _cut(name: str) -> str:
    escaped = repr(name)[1:-1]
    return escaped if len(escaped) <= MAX_QUOTED else escaped[:MAX_QUOTED] + "…"
