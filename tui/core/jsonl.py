"""Events as JSON lines that parse everywhere (JSON has no NaN or inf)."""

from __future__ import annotations

import json
import math
from typing import Any

from tui.core.events import Event


def json_default(value: Any) -> Any:
    return str(value)


def finite_only(value: Any) -> Any:
    # JSON has no NaN/inf: write them as null so every line parses everywhere.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite_only(v) for v in value]
    return value


def event_line(event: Event) -> str:
    return json_line(event.to_json())


def json_line(record: dict[str, Any]) -> str:
    """An event's JSON (`to_json()`) as one line that parses everywhere."""
    return json.dumps(finite_only(record), default=json_default)

