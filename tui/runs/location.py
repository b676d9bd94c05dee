"""Where run folders go: ./runs unless told otherwise, one new folder per run (torch-free: the app and the CLI use it)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tui.core.errors import UserError

RUNS_ENV = "NN_TUI_RUNS_DIR"


def default_runs_dir() -> Path:
    """./runs (TensorBoard's convention) unless NN_TUI_RUNS_DIR says otherwise."""
    return Path(os.environ.get(RUNS_ENV) or "runs")


def new_run_dir(root: Path, name: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        path = root / (f"{name}-{stamp}" if n == 1 else f"{name}-{stamp}-{n}")
        try:
            root.mkdir(parents=True, exist_ok=True)
            path.mkdir()
            return path
        except FileExistsError:
            continue
        except OSError as error:  # a runs folder under a file, read-only, or not permitted: the user's to fix
            raise UserError(f"runs folder {root}: cannot create a run folder there ({error.strerror or error}); see --runs-dir") from None
    raise RuntimeError(f"cannot create a run folder under {root}")
