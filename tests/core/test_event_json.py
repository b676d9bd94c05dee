"""Events survive the trip through JSON exactly (the training process sends them to the app this way)."""

from __future__ import annotations

import json

import pytest

from tests.factories import tiny_iris
from tests.training.helpers import events_of
from tui.core.config import load_config
from tui.core.events import Event, event_from_json
from tui.core.presets import resolve_preset


def round_trip(event: Event) -> Event:
    return event_from_json(json.loads(json.dumps(event.to_json(), default=str)))


def test_every_event_of_real_runs_comes_back_equal(tmp_path):
    runs = [
        events_of(load_config(resolve_preset("worked-example"))),  # traced steps: nested lists and dicts
        events_of(tiny_iris(training={"epochs": 40}, early_stopping={"patience": 2}), run_dir=tmp_path / "a"),
        events_of(tiny_iris(training={"lr": 1e6, "optimizer": "sgd", "epochs": 30}), run_dir=tmp_path / "b"),  # diverges: inf and nan
    ]
    kinds = set()
    for events in runs:
        for event in events:
            kinds.add(event.kind)
            back = round_trip(event)
            assert type(back) is type(event)
            assert json.dumps(back.to_json(), default=str) == json.dumps(event.to_json(), default=str)
    assert {"start", "epoch", "improved", "end", "trace", "early_stop", "diverged"} <= kinds


def test_a_line_that_is_not_an_event_is_refused():
    with pytest.raises(ValueError, match="not an engine event: 'nonsense'"):
        event_from_json({"event": "nonsense"})
