"""Fault injection shared by the tests of atomic writes."""

from __future__ import annotations


class HalfWriter:
    """A file whose write stores half the bytes and then fails (a full disk by default, or Ctrl+C mid-write)."""

    def __init__(self, handle, error: BaseException | None = None):
        self.handle = handle
        self.error = error if error is not None else OSError(28, "No space left on device")

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise self.error

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()
