"""`--jsonl` reads the same in every language: the JSON lines of a Spanish run are the English run's, byte for byte
once the timings are taken out (docs/DESIGN.md §Languages)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

TIMINGS = {"seconds", "elapsed", "steps_per_second"}  # what differs between two runs of the same preset


def without_timings(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_timings(inner) for key, inner in value.items() if key not in TIMINGS}
    if isinstance(value, list):
        return [without_timings(inner) for inner in value]
    return value


def jsonl_in(language: str) -> list[str]:
    """The JSON lines of a short iris run, timings out (re-serialised as written)."""
    env = {**os.environ, "NN_TUI_LANG": language}
    done = subprocess.run([sys.executable, "-m", "tui", "train", "iris", "--jsonl", "-", "--no-save",
                           "--set", "training.epochs=3"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith("{") for line in lines)
    return [json.dumps(without_timings(json.loads(line))) for line in lines]


def test_the_json_lines_are_the_same_in_spanish_and_english():
    english = jsonl_in("en")
    spanish = jsonl_in("es")
    assert spanish == english
    assert {"start", "epoch", "end"} <= {json.loads(line)["event"] for line in english}
