"""What to do when the terminal goes away (an SSH connection drops): stop writing to it.

Textual writes through a thread fed by a bounded queue (30 writes). After a hang-up the first
write fails, that thread dies, and 30 repaints later the UI thread blocks forever in
`queue.put` — the app can then neither finish stopping the run nor exit (the same trap as
Textualize/textual#6692). Dropping all output from the hang-up on keeps the app alive long
enough to stop training cleanly and exit.
"""

from __future__ import annotations

from typing import Any


def silence(driver: Any) -> None:
    """Make every later write to the terminal a no-op (private Textual internals, so defensively)."""
    if driver is None:
        return
    driver.write = lambda data: None
    driver.flush = lambda: None
    writer = getattr(driver, "_writer_thread", None)
    if writer is not None:
        writer.write = lambda text: None
        writer.stop = lambda: None  # its stop() would queue a sentinel behind a full queue and wait
