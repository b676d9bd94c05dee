"""Stop signals for a run driven on the main thread: they stop it like the stop key, keeping the best model."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGHUP (an SSH connection dropped) stop training like the stop key: best model kept.

    The first Ctrl+C stops the same way (an exception raised inside torch's backward pass can abort
    the process); a second one quits at once.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(*_: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("Stopping after this step, keeping the best model (Ctrl+C again to quit at once)", file=sys.stderr)

    previous = {}
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # started in the background (`cmd &`): Ctrl+C is not for us
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, interrupt)
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
