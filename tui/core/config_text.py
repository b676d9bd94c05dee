"""A config as TOML text that reads back as the same config and stays about the size of the preset it came from.

tomli_w writes every array one item per line and every number as a float: inline data (`data.x`, `data.y`)
grows five-fold, and a run trained from a valid preset near the size limit could not be read back to
resume. Those two arrays are written on one line each, whole numbers without ".0".
"""

from __future__ import annotations

from typing import Any

import tomli_w

from tui.core.config import RunConfig, config_to_dict

COMPACT_KEYS = ("x", "y")  # [data]'s inline arrays
WHOLE_LIMIT = 2**53  # floats up to here are whole numbers exactly; written as integers, they read back equal


def config_toml(config: RunConfig) -> str:
    table = config_to_dict(config)
    data = table.get("data")
    if not isinstance(data, dict):
        return tomli_w.dumps(table)
    arrays = {key: data.pop(key) for key in COMPACT_KEYS if key in data}
    text = tomli_w.dumps(table)
    if not arrays:
        return text
    lines = "".join(f"{key} = {_compact(value)}\n" for key, value in arrays.items())
    return text.replace("[data]\n", "[data]\n" + lines, 1)


def _compact(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ",".join(_compact(item) for item in value) + "]"
    if isinstance(value, float) and value.is_integer() and abs(value) < WHOLE_LIMIT:
        return str(int(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return tomli_w.dumps({"v": value})[len("v = ") : -1]  # strings and anything else as tomli_w quotes them
