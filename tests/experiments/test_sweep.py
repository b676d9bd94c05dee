"""Sweeps: one key, validated values, and every run starting from the same data and the same weights."""

from __future__ import annotations

import json

import pytest
import torch

import tui.training.trainer as trainer_module
from tests.factories import tiny_config
from tui.cli import main
from tui.core.config import config_to_dict, load_config, validate_config
from tui.core.errors import ConfigError
from tui.core.events import Finished, RunStarted
from tui.core.presets import resolve_preset
from tui.core.sweep_spec import sweep_runs
from tui.experiments.sweep import run_sweep


def swept(sweep: dict, **training) -> dict:
    raw = config_to_dict(tiny_config(**training))
    raw["sweep"] = sweep
    return raw


@pytest.mark.parametrize(
    ("sweep", "message"),
    [
        ({"training.lrr": [0.1]}, "unknown key 'training.lrr' (did you mean 'lr'?)"),
        ({"training.lr": [0.1], "training.optimizer": ["sgd"]}, "exactly one key"),
        ({}, "exactly one key"),
        ({"training.lr": []}, "non-empty list"),
        ({"training.lr": 0.1}, "non-empty list"),
        ({"training.lr": [0.1, -1.0]}, "training.lr[1] = -1: training.lr"),
        ({"training.optimizer": ["sgd", "adamm"]}, "unknown optimizer 'adamm'"),
        ({"training.loss": ["cross_entropy", "mse"]}, "regression loss"),
        ({"name": ["a", "b"]}, "not a config key a sweep can vary"),
        ({"training.lr": [0.1, 0.1]}, "more than once"),
    ],
)
def test_bad_sweep_sections_are_refused_with_the_key(sweep, message):
    with pytest.raises(ConfigError) as error:
        validate_config(swept(sweep))
    assert message in str(error.value)
    assert str(error.value).startswith("sweep")


def test_sweep_key_may_be_dotted_or_nested_in_toml(tmp_path):
    preset = tmp_path / "race.toml"
    preset.write_text('name = "race"\n[data]\ndataset = "moons"\n[training]\nloss = "cross_entropy"\n'
                      '[sweep]\ntraining.optimizer = ["sgd", "adam"]\n', encoding="utf-8")
    config = load_config(preset)
    assert config.sweep == {"training.optimizer": ["sgd", "adam"]}
    runs = sweep_runs(config)
    assert [(r.label, r.config.name, r.config.training.optimizer) for r in runs] == [
        ("sgd", "race-sgd", "sgd"), ("adam", "race-adam", "adam")]
    assert all(r.config.sweep is None for r in runs)


def test_every_run_starts_from_the_same_weights_and_data(monkeypatch):
    seen: list[tuple[dict, str, list]] = []

    class Recording(trainer_module.Trainer):
        def run(self):
            events = super().run()
            first = next(events)
            assert isinstance(first, RunStarted)
            state = {k: v.clone() for k, v in self.model.state_dict().items()}
            seen.append((state, self.dataset.fingerprint, self.config.training.batch_size))
            yield first
            yield from events

    monkeypatch.setattr(trainer_module, "Trainer", Recording)
    config = validate_config(swept({"training.batch_size": ["full", 1, 32]}, epochs=2))
    finished = [e for _, _, e in run_sweep(config, None) if isinstance(e, Finished)]
    assert [f.reason for f in finished] == ["completed"] * 3
    assert [batch for _, _, batch in seen] == ["full", 1, 32]
    first_state, first_data, _ = seen[0]
    for state, fingerprint, _ in seen[1:]:
        assert fingerprint == first_data
        assert state.keys() == first_state.keys()
        assert all(torch.equal(state[k], first_state[k]) for k in state)
    # and the runs did differ: three kinds of gradient descent do not end at the same loss
    assert len({f.metrics["train_loss"] for f in finished}) == 3


def test_a_sweep_over_the_data_loads_each_runs_data(tmp_path):
    config = validate_config(swept({"data.noise": [0.0, 0.3]}, epochs=1))
    list(run_sweep(config, tmp_path))
    summaries = [json.loads((p / "summary.json").read_text()) for p in sorted(tmp_path.iterdir())]
    assert len({s["data_fingerprint"] for s in summaries}) == 2
    assert all((p / "model.json").is_file() for p in tmp_path.iterdir())  # each run of a sweep can be used for predictions


def test_stop_skips_the_remaining_runs():
    import threading

    stop = threading.Event()
    config = validate_config(swept({"training.optimizer": ["sgd", "adam", "rmsprop"]}, epochs=3))
    started = []
    for index, _, event in run_sweep(config, None, stop):
        if isinstance(event, RunStarted):
            started.append(index)
            stop.set()
    assert started == [0]


def test_sweep_command_writes_a_folder_per_value_and_a_table(tmp_path, capsys):
    preset = tmp_path / "race.toml"
    raw = swept({"training.optimizer": ["sgd", "adam"]}, epochs=2)
    import tomli_w

    preset.write_text(tomli_w.dumps({**raw, "name": "race"}), encoding="utf-8")
    jsonl = tmp_path / "events.jsonl"
    assert main(["train", str(preset), "--runs-dir", str(tmp_path / "runs"), "--jsonl", str(jsonl)]) == 0
    out = capsys.readouterr().out
    assert "Sweep over training.optimizer" in out and "sgd" in out and "adam" in out
    folders = sorted(p.name.rsplit("-", 2)[0] for p in (tmp_path / "runs").iterdir())
    assert folders == ["race-adam", "race-sgd"]
    ends = [json.loads(line) for line in jsonl.read_text().splitlines() if '"event": "end"' in line]
    assert [(e["sweep_key"], e["sweep_value"]) for e in ends] == [("training.optimizer", "sgd"), ("training.optimizer", "adam")]


@pytest.mark.parametrize(
    ("preset", "key", "values"),
    [
        ("compare-batch-kinds", "training.batch_size", ["full", 1, 32]),
        ("compare-learning-rates", "training.lr", [0.0001, 0.01, 1.0]),
        ("compare-optimizers", "training.optimizer", ["sgd", "adam", "rmsprop", "adagrad"]),
    ],
)
def test_the_lectures_comparisons_ship_as_presets(preset, key, values):
    config = load_config(resolve_preset(preset))
    assert config.sweep == {key: values}
    assert config.description
    runs = sweep_runs(config)
    assert len(runs) == len(values)
    assert all(r.config.training.epochs <= 40 for r in runs)  # a few seconds each
