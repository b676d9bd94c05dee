"""A bug's traceback, saved beside the runs so the user sees one line pointing at it."""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from contextlib import suppress
from pathlib import Path

from tui.core.i18n import N_
from tui.runs.location import default_runs_dir


def save_crash_report(error: BaseException, runs_dir: Path | None = None) -> str:
    """Write a bug's traceback to crash-<time>-<pid>.log in the runs folder (else the temp folder); returns where.

    For the command line and the app alike: the user sees one line pointing here, never the traceback itself.
    """

    text = "".join(traceback.format_exception(error))
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"  # two crashes in one second keep both
    for folder in (runs_dir or default_runs_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
            return str(folder / name)
        except OSError:
            with suppress(OSError):
                (folder / name).unlink(missing_ok=True)  # a full disk leaves an empty file: not a report
            continue
    return N_("(could not be written)")  # in the CLI's line and in an error event alike
