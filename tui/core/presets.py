"""Finding presets: bundled ones (shipped as package data) and the user's own."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from tui.core.config import NAME_PATTERN, read_toml
from tui.core.errors import ConfigError
from tui.core.i18n import N_, language

USER_PRESETS_ENV = "NN_TUI_PRESETS_DIR"
DEFAULT_PRESET = "iris"


def bundled_dir() -> Path:
    """presets/ as installed inside the package (tui.presets), else the source tree's presets/."""
    try:
        path = Path(str(resources.files("tui.presets")))
        if path.is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "presets"


def user_dir() -> Path:
    override = os.environ.get(USER_PRESETS_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("nn-tui") / "presets"


@dataclass(frozen=True)
class PresetInfo:
    name: str
    path: Path
    source: str  # "bundled" | "user"
    description: str
    shadows_bundled: bool = False  # a user preset with a bundled preset's name


def described(table: Mapping[str, Any]) -> str:
    """A preset's or config's description in the reader's language (its English one when it has no other)."""
    return str(table.get(f"description_{language()}") or table.get("description", ""))


def _describe(path: Path) -> str:
    try:
        return described(read_toml(path))
    except ConfigError as error:
        return f"(unreadable: {error})"


def _user_files() -> list[Path]:
    """The user's preset files; an unreadable or missing folder simply has none."""
    try:
        return sorted(p for p in user_dir().glob("*.toml") if p.is_file() and NAME_PATTERN.match(p.stem))
    except OSError:
        return []


def list_presets() -> list[PresetInfo]:
    bundled = {p.stem: p for p in sorted(bundled_dir().glob("*.toml"), key=lambda p: p.stem)}  # by name: "a" before "a-b"
    user = {p.stem: p for p in _user_files()}
    infos = [PresetInfo(n, p, "bundled", _describe(p)) for n, p in bundled.items()]
    infos += [PresetInfo(n, p, "user", _describe(p), n in bundled) for n, p in user.items()]
    return infos


def not_a_preset_file(path: Path) -> str:
    """Why `path` is no preset file: missing, a folder, or something else that exists (a device, a pipe)."""
    if path.is_dir():
        return N_("a folder, not a preset file (give a .toml file in it)")
    if path.exists():
        return N_("not a regular file; a preset is a .toml file")
    return N_("no such preset file")


def resolve_preset(spec: str) -> Path:
    """A file path (anything with a '/' or ending in .toml), 'user:NAME', or a bundled/user preset name.

    A plain name picks the bundled preset when both exist; `user:NAME` picks the user's. Names never
    contain a path separator, so a name cannot reach outside the preset folders.
    """
    named = spec.startswith(("user:", "bundled:"))
    if not named and (spec.endswith(".toml") or os.sep in spec or "/" in spec):
        path = Path(spec).expanduser()
        if not path.is_file():
            raise ConfigError(N_("{path}: {problem}").format(path=spec, problem=not_a_preset_file(path)))
        return path
    source, _, name = spec.rpartition(":")
    if not NAME_PATTERN.match(name) or source not in ("", "user", "bundled"):
        raise ConfigError(N_("{spec!r} is not a preset name (letters, digits, '.', '_' or '-'); see `nn-tui presets`").format(spec=spec))
    candidates = {"bundled": bundled_dir() / f"{name}.toml", "user": user_dir() / f"{name}.toml"}
    order = [source] if source else ["bundled", "user"]
    for where in order:
        if candidates[where].is_file():
            return candidates[where]
    from tui.core.config import closest

    if source == "user":
        mine = sorted(p.stem for p in _user_files())
        close = closest(name, mine)
        if not mine:
            template = N_("no user preset named {name!r} in {folder}; yours: none")
        elif close:
            template = N_("no user preset named {name!r} (did you mean {close!r}?) in {folder}; yours: {yours}")
        else:
            template = N_("no user preset named {name!r} in {folder}; yours: {yours}")
        raise ConfigError(template.format(name=name, close=close, folder=user_dir(), yours=", ".join(mine)))
    names = sorted(p.stem for p in bundled_dir().glob("*.toml"))
    close = closest(name, names)
    template = (N_("no preset named {name!r} (did you mean {close!r}?); bundled presets: {names}") if close
                else N_("no preset named {name!r}; bundled presets: {names}"))
    raise ConfigError(template.format(name=name, close=close, names=", ".join(names)))
