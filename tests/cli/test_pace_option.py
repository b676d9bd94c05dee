"""`nn-tui train --pace N`: the headless runner at full speed unless asked, whatever the preset's [view] pace."""

from __future__ import annotations

import pytest

from tests.cli.helpers import assert_one_clear_line, run_cli
from tui.training import trainer as trainer_module


@pytest.fixture
def paces(monkeypatch) -> list:
    """The pace each Trainer the command builds is given (steps per second, None: full speed)."""
    seen: list = []
    original = trainer_module.Trainer.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        seen.append(self.pace.steps_per_second)

    monkeypatch.setattr(trainer_module.Trainer, "__init__", recording)
    return seen


def test_a_preset_pace_does_not_slow_the_headless_runner(capsys, paces):
    code, _err = run_cli(capsys, "train", "iris", "--set", "training.epochs=2", "--no-save", "--quiet")
    assert code == 0 and paces == [None]  # iris declares [view] pace = 10 for the app


def test_pace_n_holds_the_headless_run_to_n_steps_a_second(capsys, paces):
    code, _err = run_cli(capsys, "train", "iris", "--set", "training.epochs=2", "--no-save", "--quiet", "--pace", "500")
    assert code == 0 and paces == [500.0]


@pytest.mark.parametrize("text", ["0", "-3", "fast", "inf"])
def test_a_pace_that_is_no_pace_is_one_line(capsys, text):
    code, err = run_cli(capsys, "train", "iris", "--no-save", "--pace", text)
    assert_one_clear_line(code, err, "--pace: must be a number of steps per second > 0, or 'full'", repr(text))
