"""Where run folders go: ./runs unless told otherwise, one new folder per run (torch-free: the app and the CLI use it)."""

from __future__ import annotations

import os
import time
from contextlib import suppress
from pathlib import Path

from tui.core.errors import UserError
from tui.core.i18n import N_

RUNS_ENV = "NN_TUI_RUNS_DIR"


def default_runs_dir() -> Path:
    """./runs (TensorBoard's convention) unless NN_TUI_RUNS_DIR says otherwise."""
    return Path(os.environ.get(RUNS_ENV) or "runs")


def new_run_dir(root: Path, name: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a runs folder under a file, read-only, or not permitted: the user's to fix
        raise _cannot_create(root, error) from None
    if not root.is_dir():  # mkdir(exist_ok) accepts a link to a folder only; anything else here is not a folder
        raise UserError(NOT_A_FOLDER.format(folder=root))
    for n in range(1, 1000):
        path = root / (f"{name}-{stamp}" if n == 1 else f"{name}-{stamp}-{n}")
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
        except OSError as error:
            raise _cannot_create(root, error) from None
    raise UserError(N_("runs folder {folder}: 999 runs named {name} started this second; wait a second").format(
        folder=root, name=repr(name)))


def _cannot_create(root: Path, error: OSError) -> UserError:
    if isinstance(error, FileExistsError):  # mkdir(exist_ok) on a file, or a path through one
        return UserError(NOT_A_FOLDER.format(folder=root))
    return UserError(N_("runs folder {folder}: cannot create a run folder there ({why}); see --runs-dir").format(
        folder=root, why=error.strerror or error))


NOT_A_FOLDER = N_("runs folder {folder}: not a folder (a file has that name); see --runs-dir")


def remove_if_empty(run_dir: Path | None) -> None:
    """Remove a run folder that a run which never started left empty (it only succeeds when empty)."""
    if run_dir is not None:
        with suppress(OSError):
            run_dir.rmdir()
