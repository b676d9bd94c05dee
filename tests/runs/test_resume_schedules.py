"""Resume continues a learning-rate schedule exactly: a stopped and resumed run's rows equal an uninterrupted run's."""

from __future__ import annotations

import pytest

from tests.factories import tiny_config, with_changes
from tests.runs.test_resume import metrics, train
from tests.training.test_schedule import SCHEDULES
from tui.core.events import EpochEnded
from tui.runs.resume import read_checkpoint, resume_config


@pytest.mark.parametrize("kind", list(SCHEDULES))
def test_a_resumed_run_continues_the_schedule_exactly(tmp_path, kind):
    config = with_changes(tiny_config(epochs=8, batch_size=32), training={"schedule": {"kind": kind, **SCHEDULES[kind]}})
    train(config, tmp_path / "whole")
    train(config, tmp_path / "split", stop_after=3)
    assert read_checkpoint(tmp_path / "split")["schedule"]["kind"] == kind
    train(resume_config(tmp_path / "split"), tmp_path / "split", resume=True)
    rows = metrics(tmp_path / "split")
    assert rows == metrics(tmp_path / "whole")
    if kind != "constant":
        assert len({row["lr"] for row in rows}) > 1


def test_a_resume_with_another_lr_scales_the_schedule(tmp_path):
    config = with_changes(tiny_config(epochs=6, lr=0.04), training={"schedule": {"kind": "exponential", "gamma": 0.5}})
    train(config, tmp_path / "run", stop_after=2)
    resumed = train(resume_config(tmp_path / "run", ["training.lr=0.004"]), tmp_path / "run", resume=True)
    lrs = [e.lr for e in resumed if isinstance(e, EpochEnded)]
    assert lrs == pytest.approx([0.004 * 0.5**2, 0.004 * 0.5**3, 0.004 * 0.5**4, 0.004 * 0.5**5])
