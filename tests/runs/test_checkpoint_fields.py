"""A resume checkpoint whose fields unpickle safely but are of the wrong type, size or value is refused in one line."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
import torch

from tests.factories import tiny_config
from tui.core.errors import UserError
from tui.core.events import EpochEnded
from tui.runs.recorder import record
from tui.runs.resume import CHECKPOINT_NAME, resume_config
from tui.training.trainer import Trainer


@pytest.fixture(scope="module")
def stopped_run(tmp_path_factory) -> Path:
    run_dir = tmp_path_factory.mktemp("fields") / "run"
    trainer = Trainer(tiny_config(epochs=4))
    for event in record(trainer, run_dir):
        if isinstance(event, EpochEnded) and event.epoch == 2:
            trainer.stop.set()
    return run_dir


def nan_weights(state: dict) -> dict:
    return {k: torch.full_like(v, float("nan")) for k, v in state.items()}


# field, change to the saved payload's value (the probe's shapes)
EDITS = {
    "string best": ("stopper", lambda v: {**v, "best": "0.1"}),
    "string wait": ("stopper", lambda v: {**v, "wait": "3"}),
    "numpy state of the wrong length": ("numpy_rng", lambda v: {**v, "keys": v["keys"][:5]}),
    "numpy position out of range": ("numpy_rng", lambda v: {**v, "pos": 10_000}),
    "diagnosis key that is not the tracker's": ("diagnosis", lambda v: {**v, "update": 1}),
    "diagnosis state of the wrong type": ("diagnosis", lambda v: {**v, "_held": "x"}),
    "train history shorter than the epoch": ("history_train", lambda v: v[:1]),
    "val history shorter than the epoch": ("history_val", lambda v: v[:1]),
    "NaN weights": ("model", nan_weights),
    "NaN best weights": ("best_model", nan_weights),
    "a bool epoch": ("epoch", lambda v: True),
    "infinite elapsed": ("elapsed", lambda v: float("inf")),
    "a one-dimensional rng of floats": ("torch_rng", lambda v: v.float()),
    "an unknown schedule kind": ("schedule", lambda v: {**v, "kind": "warmup"}),
    "a schedule's base lr of zero": ("schedule", lambda v: {**v, "base_lr": 0.0}),
    "a constant schedule with a scheduler's state": ("schedule", lambda v: {**v, "scheduler": {"last_epoch": 2}}),
}


@pytest.mark.parametrize("case", list(EDITS), ids=list(EDITS))
def test_a_checkpoint_field_of_the_wrong_shape_is_refused_by_name(stopped_run, tmp_path, case):
    field, edit = EDITS[case]
    run_dir = tmp_path / "run"
    shutil.copytree(stopped_run, run_dir)
    payload = torch.load(run_dir / CHECKPOINT_NAME, map_location="cpu", weights_only=True)
    payload[field] = edit(payload[field])
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    (run_dir / CHECKPOINT_NAME).write_bytes(buffer.getvalue())
    with pytest.raises(UserError, match=rf"damaged checkpoint \(bad '{field}'") as refused:
        list(record(Trainer(resume_config(run_dir)), run_dir, resume=True))
    assert len(str(refused.value).splitlines()) == 1


@pytest.mark.parametrize("kind", ["folder", "device"])
def test_a_resume_file_that_is_not_a_regular_file_is_refused_in_one_line(stopped_run, tmp_path, capsys, kind):
    from tui.cli import main

    root = tmp_path / "runs"
    run_dir = root / "tiny-20260101-000000"
    shutil.copytree(stopped_run, run_dir)
    (run_dir / CHECKPOINT_NAME).unlink()
    if kind == "folder":
        (run_dir / CHECKPOINT_NAME).mkdir()
    else:
        os.symlink("/dev/zero", run_dir / CHECKPOINT_NAME)  # read forever, were it read
    assert main(["train", "--resume", "tiny", "--runs-dir", str(root)]) == 2
    err = capsys.readouterr().err
    assert "resume.pt" in err and "not a regular file" in err and len(err.strip().splitlines()) == 1


def test_a_checkpoint_from_before_schedules_still_resumes(stopped_run, tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(stopped_run, run_dir)
    payload = torch.load(run_dir / CHECKPOINT_NAME, map_location="cpu", weights_only=True)
    del payload["schedule"]
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    (run_dir / CHECKPOINT_NAME).write_bytes(buffer.getvalue())
    epochs = [e for e in record(Trainer(resume_config(run_dir)), run_dir, resume=True) if isinstance(e, EpochEnded)]
    assert [e.epoch for e in epochs] == [3, 4] and {e.lr for e in epochs} == {tiny_config().training.lr}
