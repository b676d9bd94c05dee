"""Reading a file whole only when it is a regular file of a sane size.

A run folder or preset can be copied from anywhere: a link to /dev/zero, a named pipe or a huge file in
it would otherwise be read until memory runs out (or forever) by every listing of the runs.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from tui.core.i18n import N_

MEGABYTE = 1_000_000


class UnsafeFile(OSError):
    """Not a regular file, too large, or a loop of links. An OSError, so readers that list a folder as
    damaged on OSError do so here too; `strerror` says why in words."""


def check_bounded(path: Path, limit: int) -> None:
    """What read_bounded would refuse, from the file's metadata alone (nothing opened: for a listing)."""
    try:
        info = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeFile(errno.ELOOP, N_("a loop of symbolic links"), str(path)) from None
        raise
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(errno.EINVAL, N_("not a regular file (a device, pipe or folder)"), str(path))
    if info.st_size > limit:
        raise UnsafeFile(errno.EFBIG, N_("{size} bytes, more than the {limit} allowed").format(size=info.st_size, limit=limit),
                         str(path))


def read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes; UnsafeFile when it is not a regular file or holds more than `limit` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # non-blocking: opening a pipe with no writer must not hang
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeFile(errno.ELOOP, N_("a loop of symbolic links"), str(path)) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(errno.EINVAL, N_("not a regular file (a device, pipe or folder)"), str(path))
        if info.st_size > limit:  # refused unread: a cap near the memory available must not be read up to first
            raise UnsafeFile(errno.EFBIG, N_("{size} bytes, more than the {limit} allowed").format(
                size=info.st_size, limit=limit), str(path))
        data = handle.read(limit + 1)  # the size can change after fstat: read at most one byte past the limit
    if info.st_size > limit or len(data) > limit:
        raise UnsafeFile(errno.EFBIG, N_("{size} bytes, more than the {limit} allowed").format(
            size=max(info.st_size, len(data)), limit=limit), str(path))
    return data


def why(error: OSError) -> str:
    """A few words for a failed read: UnsafeFile's reason, else the error's name."""
    return error.strerror if isinstance(error, UnsafeFile) and error.strerror else type(error).__name__
