"""Errors the user can fix: the CLI turns them into one clear line and exit code 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class UserError(Exception):
    """Bad input from the user (config, preset, CSV, command line). Never a bug."""


class ConfigError(UserError):
    """A config, preset or ``--set`` value is invalid. The message names the key."""


class DataError(UserError):
    """A dataset cannot be used. The message names the file, column or line."""


# What torch's CPU allocator, CUDA and MPS say when an allocation fails (torch.OutOfMemoryError is
# a RuntimeError; the CPU allocator raises a plain RuntimeError). Matched by text: no torch import here.
OUT_OF_MEMORY_TEXTS = ("out of memory", "can't allocate memory", "cannot allocate memory")


def is_out_of_memory(error: BaseException) -> bool:
    if isinstance(error, MemoryError):
        return True
    return isinstance(error, RuntimeError) and any(text in str(error).lower() for text in OUT_OF_MEMORY_TEXTS)


@contextmanager
def out_of_memory_as(error_type: type[UserError], message: str) -> Iterator[None]:
    """Turn a failed allocation (too large a model or data set for the setting) into a clear UserError."""
    try:
        yield
    except (MemoryError, RuntimeError) as error:
        if not is_out_of_memory(error):
            raise
        raise error_type(message) from None


def save_crash_report(error: BaseException, runs_dir: Path | None = None) -> str:
    """Write a bug's traceback to crash-<time>-<pid>.log in the runs folder (else the temp folder); returns where.

    For the command line and the app alike: the user sees one line pointing here, never the traceback itself.
    """
    import os
    import tempfile
    import time
    import traceback

    from .runs import default_runs_dir

    text = "".join(traceback.format_exception(error))
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"  # two crashes in one second keep both
    for folder in (runs_dir or default_runs_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
            return str(folder / name)
        except OSError:
            continue
    return "(could not be written)"
