"""tui/runs/resume.py pinned where a mutation audit (mutmut) found its tests blind: each test kills named mutants."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
import torch

from tests.factories import tiny_config
from tui.core.config import MAX_PRESET_BYTES
from tui.core.config_text import config_toml
from tui.core.errors import UserError
from tui.runs.file_limits import MAX_RUN_CONFIG_BYTES
from tui.runs.resume import RESUMABLE_CHANGES, all_finite, read_checkpoint, resume_config, write_checkpoint
from tui.training.trainer import Trainer


def test_all_finite_looks_at_every_floating_tensor_and_nothing_else():
    assert all_finite({"w": torch.ones(3), "b": torch.zeros(2)})
    assert not all_finite({"w": torch.ones(3), "b": torch.tensor([0.0, float("nan")])})
    assert not all_finite({"w": torch.tensor([float("inf")])})
    assert all_finite({"steps": torch.tensor([1, 2], dtype=torch.int64)})  # no floating tensor: nothing to doubt
    assert all_finite({})


@pytest.fixture
def snapshot():
    trainer = Trainer(tiny_config(epochs=1))
    trainer.setup()
    return trainer.state_dict()


def test_a_checkpoint_reads_back_as_exactly_the_snapshot_written(tmp_path, snapshot):
    write_checkpoint(tmp_path, snapshot)
    back = read_checkpoint(tmp_path)
    assert set(back) == set(snapshot)  # the header (format, version, saved_at) is not part of the snapshot
    assert back["epoch"] == snapshot["epoch"] and back["history_train"] == snapshot["history_train"]


def test_a_checkpoint_that_cannot_be_read_says_why_in_words(tmp_path, snapshot, monkeypatch):
    write_checkpoint(tmp_path, snapshot)

    def failing(path: Path, limit: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("tui.runs.resume.read_bounded", failing)
    with pytest.raises(UserError) as caught:
        read_checkpoint(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'resume.pt'}: cannot be read (Input/output error); this run cannot be resumed"


def test_a_damaged_checkpoint_names_the_error_it_raised(tmp_path):
    (tmp_path / "resume.pt").write_bytes(b"not a checkpoint at all")
    with pytest.raises(UserError) as caught:
        read_checkpoint(tmp_path)
    assert re.search(r"resume\.pt: damaged or not a checkpoint \(\w+Error\); this run cannot be resumed$", str(caught.value))
    assert "NoneType" not in str(caught.value)


def test_a_checkpoint_missing_a_field_is_refused_naming_it(tmp_path, snapshot):
    del snapshot["generator"]
    write_checkpoint(tmp_path, snapshot)
    with pytest.raises(UserError) as caught:
        read_checkpoint(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'resume.pt'}: incomplete checkpoint (missing 'generator'); this run cannot be resumed"


def test_a_run_config_over_the_preset_limit_but_under_the_run_limit_resumes(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    config = tiny_config(epochs=2).model_copy(update={"description": "d" * (MAX_PRESET_BYTES + 100_000)})
    (run_dir / "config.toml").write_text(config_toml(config), encoding="utf-8")
    assert MAX_PRESET_BYTES < (run_dir / "config.toml").stat().st_size < MAX_RUN_CONFIG_BYTES
    assert resume_config(run_dir) == config
    assert resume_config(run_dir, ["training.epochs=5"]).training.epochs == 5


def test_a_refused_change_is_named_with_every_allowed_key(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "config.toml").write_text(config_toml(tiny_config(epochs=2)), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        resume_config(run_dir, ["training.optimizer=sgd", "seed=7"])
    allowed = ", ".join(sorted(RESUMABLE_CHANGES))
    assert str(caught.value) == (
        f"resume: cannot change seed, training.optimizer when resuming (start a new run); allowed: {allowed}"
    )
    assert "early_stopping.patience, early_stopping.restore_best" in allowed
