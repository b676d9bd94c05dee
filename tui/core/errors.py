"""Errors the user can fix: the CLI turns them into one clear line and exit code 2."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Self


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: the dotted config key to blame ("" when no one key is) and what is wrong."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


class UserError(Exception):
    """Bad input from the user (config, preset, CSV, command line). Never a bug.

    str(error) is the text the CLI prints; `problems` keeps each key apart from its message, so that
    the app's form marks the field to fix without parsing that text."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[Problem, ...] = tuple(problems) or (Problem("", message),)

    @classmethod
    def about(cls, key: str, message: str) -> Self:
        """A problem with one key, printed as 'key: message'."""
        problem = Problem(key, message)
        return cls(str(problem), [problem])

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> Self:
        """Several problems, printed one per line."""
        listed = tuple(problems)
        return cls("\n".join(map(str, listed)), listed)

    def found_in(self, where: str) -> Self:
        """The same problems, the text prefixed with where they were found (a preset file's name)."""
        return type(self)(f"{where}: {self}", self.problems)


class ConfigError(UserError):
    """A config, preset or ``--set`` value is invalid. The message names the key."""


class DataError(UserError):
    """A dataset cannot be used. The message names the file, column or line."""


# What torch's CPU allocator, CUDA and MPS say when an allocation fails (torch.OutOfMemoryError is
# a RuntimeError; the CPU allocator raises a plain RuntimeError). Matched by text: no torch import here.
OUT_OF_MEMORY_TEXTS = ("out of memory", "can't allocate memory", "cannot allocate memory")  # not translated: torch's words, matched


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
