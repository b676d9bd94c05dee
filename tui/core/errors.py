"""Errors the user can fix: the CLI turns them into one clear line and exit code 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


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
