"""Writing the form as a user preset (TOML), atomically, into the user's preset folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import tomli_w

from tui.engine.config import NAME_PATTERN, RunConfig, config_to_dict
from tui.engine.presets import user_dir


def name_problem(name: str) -> str | None:
    if not NAME_PATTERN.match(name):
        return "a preset name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
    return None


def preset_path(name: str) -> Path:
    return user_dir() / f"{name}.toml"


def write_preset(config: RunConfig, name: str) -> Path:
    """Write `config` (renamed to `name`) as name.toml; a crash never leaves a half-written preset."""
    path = preset_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = tomli_w.dumps(config_to_dict(config.model_copy(update={"name": name})))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
