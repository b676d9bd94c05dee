"""Dotted config keys ("training.lr"): the one module that splits and joins them and walks nested tables with them.

A config is a nested table ({"training": {"lr": 0.01}}); `--set`, sweeps, the tune space, resume and the
app's form all name a value by its dotted key. The walks over the config's own classes (which keys exist,
which are sections) take the model as an argument, so that config.py can use this module too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from tui.core.i18n import N_

SEPARATOR = "."


class NotASection(ValueError):
    """A key goes below a plain value, e.g. training.lr.x where training.lr is a number."""

    def __init__(self, key: str, part: str) -> None:
        super().__init__(N_("{key}: {part!r} is a value, not a section").format(key=key, part=part))
        self.part = part  # the part that holds a value


def split_key(key: str) -> list[str]:
    return key.split(SEPARATOR)


def join_key(*parts: object) -> str:
    """'training', 'lr' → 'training.lr' (parts may be list indexes, as in pydantic's error locations)."""
    return SEPARATOR.join(str(part) for part in parts)


def is_dotted(key: str) -> bool:
    return SEPARATOR in key


def key_name(key: str) -> str:
    """The key's own name without its sections: training.lr → lr."""
    return split_key(key)[-1]


def key_and_sections(key: str) -> list[str]:
    """The key, then each section it lies in, innermost first: model.hidden.1 → model.hidden.1, model.hidden, model."""
    parts = split_key(key)
    return [join_key(*parts[:n]) for n in range(len(parts), 0, -1)]


# ---------------------------------------------------------------- nested tables


def get_key(table: Mapping[str, Any], key: str) -> Any:
    """The value at `key`; None when it (or a section on the way) is absent."""
    node: Any = table
    for part in split_key(key):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def set_key(table: dict[str, Any], key: str, value: Any) -> None:
    """Set `key` in place, creating the sections on the way; NotASection when one of them holds a value."""
    *sections, last = split_key(key)
    node = table
    for part in sections:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        elif not isinstance(child, dict):
            raise NotASection(key, part)
        node = child
    node[last] = value


def with_key(table: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """A copy of `table` with `key` set; the input is left untouched (the tables on the key's path are copied)."""
    result = dict(table)
    *sections, last = split_key(key)
    node = result
    for part in sections:
        child = node.get(part)
        if child is not None and not isinstance(child, dict):
            raise NotASection(key, part)
        node[part] = dict(child or {})
        node = node[part]
    node[last] = value
    return result


def drop_key(table: dict[str, Any], key: str) -> None:
    """Remove `key` in place if it is there."""
    *sections, last = split_key(key)
    node: Any = table
    for part in sections:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"training": {"lr": 0.1}} and {"training.lr": 0.1} both become {"training.lr": 0.1}."""
    flat: dict[str, Any] = {}
    # A loop, not recursion: a 1 500-level dotted key in a preset's [sweep] must be refused as a key, not crash.
    stack: list[Iterator[tuple[str, Any]]] = [iter(table.items())]
    prefixes = [prefix]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            prefixes.pop()
            continue
        key, value = item
        name = join_key(prefixes[-1], key) if prefixes[-1] else key
        if isinstance(value, Mapping):
            stack.append(iter(value.items()))
            prefixes.append(name)
        else:
            flat[name] = value
    return flat


def nesting_depth(value: Any) -> int:
    """How many tables deep `value` goes (0 for a plain value), counted without recursion."""
    deepest, level = 0, [(value, 0)]
    while level:
        node, depth = level.pop()
        if isinstance(node, Mapping):
            deepest = max(deepest, depth + 1)
            level.extend((child, depth + 1) for child in node.values())
    return deepest


def changed_keys(old: Any, new: Any, prefix: str = "") -> list[str]:
    """The dotted keys whose values differ between two tables (a key present in only one counts), sorted."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        names = sorted(set(old) | set(new))
        return [key for name in names for key in changed_keys(old.get(name), new.get(name), join_key(prefix, name) if prefix else name)]
    return [] if old == new else [prefix]


# ---------------------------------------------------------------- the keys a config class has


def sections(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The model's fields that are tables of their own (RunConfig: data, model, training, early_stopping)."""
    found = {}
    for name, info in model.model_fields.items():
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            found[name] = info.annotation
    return found


def owner(model: type[BaseModel], parts: Iterable[object]) -> type[BaseModel] | None:
    """The class whose field the last of `parts` names (to list its valid keys); None when a part is no section."""
    *path, _ = list(parts)
    for part in path:
        model_or_none = sections(model).get(str(part))
        if model_or_none is None:
            return None
        model = model_or_none
    return model


def model_keys(model: type[BaseModel]) -> list[str]:
    """Every dotted key the model accepts, in declaration order: name, ..., data.dataset, ..., training.lr, ..."""
    tables = sections(model)
    keys: list[str] = []
    for name in model.model_fields:
        if name in tables:
            keys.extend(join_key(name, key) for key in model_keys(tables[name]))
        else:
            keys.append(name)
    return keys
