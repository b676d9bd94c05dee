"""Writing the form as a user preset (TOML), atomically, into the user's preset folder."""

from __future__ import annotations

from pathlib import Path

from tui.core.atomic import atomic_write_text
from tui.core.config import NAME_PATTERN, RunConfig
from tui.core.config_text import config_toml
from tui.core.presets import user_dir


def name_problem(name: str) -> str | None:
    if not NAME_PATTERN.match(name):
        return "a preset name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
    return None


def preset_path(name: str) -> Path:
    return user_dir() / f"{name}.toml"


def write_preset(config: RunConfig, name: str) -> Path:
    """Write `config` (renamed to `name`) as name.toml; a crash never leaves a half-written preset."""
    path = preset_path(name)
    text = config_toml(config.model_copy(update={"name": name}))
    atomic_write_text(path, text)
    return path
