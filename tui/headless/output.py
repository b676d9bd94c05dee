"""Where headless output goes, and what happens when it goes away: --jsonl files, a closed pipe, a lost terminal."""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def text_console(stderr: bool = False, width: int | None = None) -> Console:
    """A console that prints text as it is, for people and for logs alike.

    No markup, emoji codes or highlighting: preset descriptions ("[...]"), paths and names are shown
    literally (style comes from Text objects). Not a terminal (`| cat`, `> file`): no hard wrapping,
    so each record stays one line for grep and awk whatever its length.
    """
    from rich.console import Console

    console = Console(stderr=stderr, width=width, markup=False, emoji=False, highlight=False)
    if not console.is_terminal:
        console.soft_wrap = True
    return console


def open_jsonl(target: str | None) -> IO[str] | None:
    """The --jsonl output: None, stdout for '-', else the file (a UserError when it cannot be written)."""
    if target is None:
        return None
    if target == "-":
        return sys.stdout
    try:
        return open(target, "w", encoding="utf-8")
    except OSError as error:
        from tui.core.errors import UserError
        from tui.core.i18n import N_

        raise UserError(N_("--jsonl {path}: cannot write ({reason})").format(path=target, reason=error.strerror or error)) from None


def close_jsonl(jsonl: IO[str] | None) -> None:
    """Close a --jsonl file (not stdout); a reader that went away is no error at this point."""
    if jsonl is not None and jsonl is not sys.stdout:
        try:
            jsonl.close()
        except OSError:
            pass


def keep_running_on_broken_pipe(console: Console) -> None:
    """Rich answers a closed pipe with SystemExit(1), which would skip the end of the run; raise an OSError instead."""
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]


def _broken_pipe() -> None:
    raise BrokenPipeError(32, "Broken pipe")  # not translated: the system's own words for EPIPE


def silence_stdout_if_gone() -> None:
    try:
        sys.stdout.flush()
    except OSError:  # stdout itself is gone: send the rest (and Python's flush at exit) nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
