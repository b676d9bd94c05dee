"""The run folder's control pipe: a named pipe (FIFO) `.control` through which any process can pause, resume
or stop the run training in the folder (`nn-tui stop`, `nn-tui attach`), one command a line
(tui.core.run_commands). Torch-free: the CLI and the app write to it.

The training process opens it for reading and writing, so it never sees an end of input when a writer goes,
and several writers can come and go (a line shorter than PIPE_BUF is written whole). A writer that finds
nobody reading (the run has ended, or its process was killed) is told so at once: opening a FIFO for
writing without blocking fails when it has no reader.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from tui.core.errors import UserError
from tui.core.i18n import N_

CONTROL_NAME = ".control"
WAKE = b"\n"  # what close() writes to wake the reading thread
MAX_LINE = 256  # longer lines are junk: dropped


class ControlPipe:
    """The reading end, held by the process that trains into the folder: each line goes to `on_line`."""

    def __init__(self, run_dir: Path, on_line: Callable[[str], None]) -> None:
        self.path = run_dir / CONTROL_NAME
        self.on_line = on_line
        self._fd: int | None = None
        self._closing = False
        self._thread: threading.Thread | None = None

    def open(self) -> bool:
        """Create the pipe and start listening; False where the file system has no named pipes (no control then)."""
        try:
            with suppress(FileNotFoundError):
                self.path.unlink()  # a stale pipe of a killed run
            os.mkfifo(self.path, 0o600)  # only its owner may stop or pause the run
            self._fd = os.open(self.path, os.O_RDWR | os.O_NOFOLLOW)
        except OSError:
            return False
        self._thread = threading.Thread(target=self._listen, name="control pipe", daemon=True)  # not translated: a thread's name
        self._thread.start()
        return True

    def _listen(self) -> None:
        assert self._fd is not None
        pending = b""
        while True:
            try:
                chunk = os.read(self._fd, 4096)
            except OSError:
                return
            if self.closing:
                return
            pending += chunk
            *lines, pending = pending.split(b"\n")
            pending = pending[-MAX_LINE:]
            for line in lines:
                if len(line) <= MAX_LINE:
                    self.on_line(line.decode("utf-8", "replace"))

    @property
    def closing(self) -> bool:
        return self._closing

    def close(self) -> None:
        """Stop listening and remove the pipe: a writer from now on hears that the run has ended."""
        if self._fd is None:
            return
        self._closing = True
        with suppress(OSError):
            self.path.unlink()
        with suppress(OSError):
            os.write(self._fd, WAKE)
        if self._thread is not None:
            self._thread.join(timeout=1.0)
        with suppress(OSError):
            os.close(self._fd)
        self._fd = None


def send_command(run_dir: Path, command: str) -> bool:
    """Write one command to the run training in `run_dir`; False when no process is listening there."""
    path = run_dir / CONTROL_NAME
    try:
        if not stat.S_ISFIFO(os.lstat(path).st_mode):
            return False
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as error:
        if error.errno in (errno.ENXIO, errno.ENOENT):  # nobody reads it: the run is over
            return False
        raise UserError(N_("{run}: cannot reach the run's control pipe ({why})").format(
            run=run_dir.name, why=error.strerror or error)) from None
    try:
        os.write(fd, command.encode("ascii") + b"\n")
    finally:
        os.close(fd)
    return True
