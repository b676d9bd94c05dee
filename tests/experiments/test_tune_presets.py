"""The bundled tuning presets parse, search what they say, and run (shortened here to stay fast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.config import load_config
from tui.core.presets import resolve_preset
from tui.core.tune_events import TrialEnded, TuneFinished
from tui.core.tune_space import parse_tune
from tui.experiments.tune.study import resolve_storage
from tui.experiments.tune.tuner import Tuner


@pytest.mark.parametrize(
    ("name", "objective", "keys"),
    [
        ("tune-iris", "val_loss", {"training.lr", "training.optimizer", "model.hidden"}),
        ("tune-moons", "val_accuracy", {"training.lr", "training.batch_size", "model.hidden", "model.activation"}),
    ],
)
def test_tuning_presets_search_their_space_and_run(name, objective, keys):
    config = load_config(resolve_preset(name), ["training.epochs=3"])
    spec = parse_tune(config)
    assert spec is not None and spec.objective == objective and {p.key for p in spec.params} == keys
    events = list(Tuner(config, resolve_storage("memory", Path(".")), trials=2).run())
    assert [e.state for e in events if isinstance(e, TrialEnded)] == ["complete", "complete"]
    assert isinstance(events[-1], TuneFinished) and events[-1].best_value is not None
