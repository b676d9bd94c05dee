"""The most each run file may hold when read back whole (torch-free: listings use it).

A run folder can be copied from anywhere; these caps keep one bad folder (a link to /dev/zero, a file
grown by hand) from taking the memory of every listing. Each is far above what a run writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui.core.bounded_read import MEGABYTE, read_bounded
from tui.core.config import MAX_PRESET_BYTES

# config.toml is written compactly from a preset of at most MAX_PRESET_BYTES (tui/core/config_text.py);
# the defaults it adds and numbers written out in full take a little more.
MAX_RUN_CONFIG_BYTES = 2 * MAX_PRESET_BYTES
MAX_SUMMARY_BYTES = 16 * MEGABYTE  # a few kB, more with many class names
MAX_METRICS_BYTES = 64 * MEGABYTE  # ~150 bytes a row; long runs keep fewer rows (tui/runs/growth.py)
# resume.pt: about 4 copies of the weights (model, best, optimizer state) and bounded loss histories
# (tui/runs/checkpoint_history.py); reading it also needs no more than the memory available (tui/runs/resume.py).
MAX_CHECKPOINT_BYTES = 64_000 * MEGABYTE


def read_summary(run_dir: Path) -> Any:
    """summary.json parsed (OSError or ValueError when it cannot be; the caller checks its type)."""
    return json.loads(read_bounded(run_dir / "summary.json", MAX_SUMMARY_BYTES).decode("utf-8"))
