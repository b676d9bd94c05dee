"""Whether data.path names a stream (a named pipe): its rows can be read once, by the run, never ahead.

The setup form reads a CSV ahead for its column picker and plan; doing so on a pipe would block until a writer
comes (holding a thread the app's exit waits for) and would use up the rows the run needs.
"""

from __future__ import annotations

import os
import stat

from tui.core.i18n import N_


def is_stream(path: object) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(str(path)).st_mode)  # stat opens nothing: it cannot block
    except (OSError, ValueError):
        return False  # missing or unreadable: the reader says why


def stream_note(path: object) -> str:
    return N_("{path} is a named pipe: its rows are read once, when training starts (F5), not ahead for this plan").format(path=path)
