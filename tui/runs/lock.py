"""The run folder's lock: one process trains into a folder at a time (torch-free: listing asks it too).

An OS advisory lock (flock) on `.lock` in the folder, held by the training process for the whole run.
The OS drops it when the process ends, however it ends (a kill -9 included), so a stale lock cannot
outlive its run, and a process id that was reused cannot pass for the run. The file holds the holder's
process id, for the message a second user gets.
"""

from __future__ import annotations

import fcntl
import os
import stat
import time
from pathlib import Path

from tui.core.errors import UserError
from tui.core.i18n import N_

LOCK_NAME = ".lock"
# A listing takes the lock for a moment to see whether it is free: a starter that meets it waits this long.
WAIT_SECONDS = 0.5


class RunLock:
    """The lock on one run folder, taken by `acquire()` and let go by `release()` (or by the process ending)."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise a UserError naming the process that holds it."""
        path = self.run_dir / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise UserError(N_("run folder {folder}: cannot write ({why})").format(
                folder=self.run_dir, why=error.strerror or error)) from None
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                os.close(fd)
                raise UserError(in_use_message(self.run_dir, holder_pid(path))) from None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:  # a full disk: the lock holds all the same, the message just cannot name the process
            pass
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def in_use_message(run_dir: Path, pid: int | None) -> str:
    if pid is None:
        return N_("{run}: in use by another process (a run is training in this folder; stop it first)").format(run=run_dir.name)
    return N_("{run}: in use by process {pid} (a run is training in this folder; stop it first)").format(run=run_dir.name, pid=pid)


def holder_pid(path: Path) -> int | None:
    """The process id written in a lock file, None when unreadable."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and len(text) <= 10 else None


def lock_state(run_dir: Path) -> tuple[bool, int | None] | None:
    """(held, pid) for a folder with a lock file, None for one without (written before locks existed).

    Takes a shared lock for a moment: free means no process is training in the folder.
    """
    path = run_dir / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True, holder_pid(path)
        except OSError:
            return None
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False, None
    finally:
        os.close(fd)


def check_free(run_dir: Path) -> None:
    """Raise the in-use UserError when a process holds the folder's lock."""
    state = lock_state(run_dir)
    if state is not None and state[0]:
        raise UserError(in_use_message(run_dir, state[1]))
