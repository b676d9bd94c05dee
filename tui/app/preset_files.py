"""Writing the form as a user preset (TOML), atomically, into the user's preset folder."""

from __future__ import annotations

from pathlib import Path

from tui.core.atomic import atomic_write_text
from tui.core.config import NAME_PATTERN, RunConfig
from tui.core.config_text import config_toml
from tui.core.i18n import _
from tui.core.presets import user_dir


def name_problem(name: str) -> str | None:
    if not NAME_PATTERN.match(name):
        return _("a preset name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return None


def preset_path(name: str) -> Path:
    return user_dir() / f"{name}.toml"


def write_preset(config: RunConfig, name: str) -> Path:
    """Write `config` (renamed to `name`) as name.toml; a crash never leaves a half-written preset."""
    path = preset_path(name)
    config = config.model_copy(update={"name": name})
    if config.data.path:
        config = config.model_copy(update={"data": config.data.model_copy(update={"path": data_path_for(path, config.data.path)})})
    text = config_toml(config)
    atomic_write_text(path, text)
    return path


def data_path_for(preset: Path, data_path: str) -> str:
    """The data file as the preset at `preset` should name it: presets read a relative path from their own folder
    (tui.core.config.resolve_paths), so a path typed relative to the current folder is rewritten; relative when
    the file lies in the preset's folder or below it, else absolute (a path climbing out breaks when either moves)."""
    absolute = Path(data_path).expanduser().resolve()
    try:
        return absolute.relative_to(preset.parent.resolve()).as_posix()
    except ValueError:
        return str(absolute)
