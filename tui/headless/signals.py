"""Stop signals for a run driven on the main thread: they stop it like the stop key, keeping the best model."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tui.core.i18n import _

STOP_SIGNALS = {signal.SIGTERM, signal.SIGHUP, signal.SIGINT}


def import_libraries_with_stop_signals_blocked() -> None:
    """Import numpy and torch with the stop signals blocked: the threads they start meanwhile (OpenBLAS starts its
    pool at import) inherit the block and never take a stop signal, so the kernel gives each one to the main thread,
    where it interrupts a blocking read (the data from a pipe with no writer). Taken by a pool thread, a signal left
    the main thread waiting on its read now and then."""
    kept = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        import numpy  # noqa: F401
        import torch  # noqa: F401
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, kept)  # a signal sent meanwhile is delivered now


class StoppedBeforeStart(KeyboardInterrupt):
    """A stop while the work was still setting up (loading data): with no step to finish, the set-up is abandoned.

    Without it a stop waited for the whole load, and a read blocked on a pipe with no writer never ended."""


@contextmanager
def stop_on_signals(stop: threading.Event, setting_up: threading.Event | None = None) -> Iterator[None]:
    """SIGTERM and SIGHUP (an SSH connection dropped) stop training like the stop key: best model kept.

    The first Ctrl+C stops the same way (an exception raised inside torch's backward pass can abort
    the process); a second one quits at once. While `setting_up` is set, any of them raises StoppedBeforeStart.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop_now(*_: object) -> None:
        stop.set()
        if setting_up is not None and setting_up.is_set():
            raise StoppedBeforeStart

    def interrupt(*_signal: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop_now()
        print(_("Stopping after this step, keeping the best model (Ctrl+C again to quit at once)"), file=sys.stderr)

    previous = {}
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # started in the background (`cmd &`): Ctrl+C is not for us
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, interrupt)
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            previous[sig] = signal.signal(sig, stop_now)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
