"""Every `--jsonl` event's keys against the README's table, both ways: each documented key is written, and each
written key is documented. The events are real runs' (plus a pause), written by the headless view itself."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from tests.factories import tiny_config, tiny_iris
from tests.training.helpers import events_of
from tui.core.config import load_config
from tui.core.events import Event, Paused, Progress
from tui.core.model_views import VIEWS
from tui.core.presets import resolve_preset
from tui.headless.view import HeadlessView

README = Path(__file__).resolve().parents[2] / "README.md"
TABLE_ROW = re.compile(r"^\| `(\w+)` \| (\w+(?:, \w+)*) \|$")


def documented_keys() -> dict[str, set[str]]:
    """The README's `--jsonl` table: event kind → its keys."""
    section = README.read_text(encoding="utf-8").split("With `--jsonl -` every event", 1)[1].split("\n\n## ", 1)[0]
    rows = [TABLE_ROW.match(line) for line in section.splitlines()]
    return {row[1]: set(row[2].split(", ")) for row in rows if row}


def written_lines(tmp_path: Path) -> list[dict]:
    from rich.console import Console

    runs = [
        events_of(load_config(resolve_preset("worked-example"))),  # trace
        events_of(tiny_iris(training={"epochs": 40}, early_stopping={"patience": 2}), run_dir=tmp_path / "a"),  # early stop
        events_of(tiny_iris(training={"lr": 1e6, "optimizer": "sgd", "epochs": 30}), run_dir=tmp_path / "b",
                  step_losses=True),  # diverged; steps
        events_of(tiny_config(epochs=2), views=VIEWS),  # the model's pictures: points, regions, neurons
        events_of(load_config(resolve_preset("lr-good"), ["training.epochs=1"]), views=VIEWS),  # the fitted curve
        events_of(tiny_iris(model={"weight_init": "zeros"}, training={"epochs": 1})),  # symmetric
    ]
    events: list[Event] = [event for run in runs for event in run] + [Paused(True, 3)]
    out = io.StringIO()
    view = HeadlessView(Console(file=io.StringIO()), jsonl=out, human=False)
    for event in events:
        view(event)
    assert sum(not isinstance(e, Progress) for e in events) == len(out.getvalue().splitlines())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_jsonl_event_has_exactly_the_keys_the_readme_lists(tmp_path):
    table = documented_keys()
    assert "improved" in table and "end" in table, "the README's --jsonl table was not found"
    seen: set[str] = set()
    for line in written_lines(tmp_path):
        kind = line.pop("event")
        seen.add(kind)
        assert kind in table, f"--jsonl writes '{kind}' events; the README's table does not list them"
        assert set(line) - table[kind] == set(), f"'{kind}' keys written but not in the README"
        assert table[kind] - set(line) == set(), f"'{kind}' keys in the README but not written"
    assert set(table) - seen == set(), "events in the README's table that no run here wrote (add a run that does)"
