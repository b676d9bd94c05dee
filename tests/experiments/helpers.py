"""A tiny tunable preset on disk, for the tests that run `nn-tui tune` as a command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from tests.factories import LR_SEARCH, tune_raw


def write_preset(path: Path, tune: dict[str, Any] | None = LR_SEARCH, **sections: Any) -> Path:
    path.write_text(tomli_w.dumps(tune_raw(tune, **sections)), encoding="utf-8")
    return path
