"""resume.pt keeps a long run's loss histories bounded (the first loss and the recent ones) and still resumes
exactly: the epochs, the diagnosis and the divergence bound go on as with the whole history."""

from __future__ import annotations

import io
import math

import pytest
import torch

from tests.factories import tiny_config
from tui.core.errors import UserError
from tui.core.events import EpochEnded
from tui.runs.checkpoint_history import KEPT_RECENT, compact
from tui.runs.resume import CHECKPOINT_NAME, FORMAT, VERSION, read_checkpoint, write_checkpoint
from tui.training.diagnose import DiagnosisTracker
from tui.training.trainer import Trainer

LONG = 100_000


def long_snapshot(epochs: int = LONG) -> dict:
    """A tiny run's state as if it had trained `epochs` epochs (no need to train them)."""
    trainer = Trainer(tiny_config(epochs=epochs))
    trainer.setup()
    state = trainer.state_dict()
    losses = [1.0 / (1 + e) for e in range(epochs)]
    return {**state, "epoch": epochs, "global_step": epochs * trainer.plan.steps_per_epoch,
            "history_train": losses, "history_val": [x * 1.1 for x in losses]}


def test_a_long_runs_checkpoint_stays_small_and_resumes_where_it_stopped(tmp_path):
    short = tmp_path / "short"
    write_checkpoint(short, long_snapshot(10))
    long = tmp_path / "long"
    write_checkpoint(long, long_snapshot(LONG))
    # 100 000 epochs of two histories would add ~1.8 MB; kept: the first and the last 1 000 losses of each
    assert (long / CHECKPOINT_NAME).stat().st_size < (short / CHECKPOINT_NAME).stat().st_size + 40_000
    snapshot = read_checkpoint(long)
    assert len(snapshot["history_train"]) == 1 + KEPT_RECENT and snapshot["history_skipped"] == LONG - 1 - KEPT_RECENT
    assert snapshot["history_train"][0] == 1.0 and snapshot["history_train"][-1] == 1.0 / LONG

    trainer = Trainer(tiny_config(epochs=LONG + 2))
    trainer.setup()
    trainer.load_state_dict(snapshot)
    assert [e.epoch for e in trainer.run() if isinstance(e, EpochEnded)] == [LONG + 1, LONG + 2]
    again = trainer.state_dict()
    assert len(again["history_train"]) + again["history_skipped"] == LONG + 2
    write_checkpoint(long, again)  # compacted again: still the same size of history
    assert len(read_checkpoint(long)["history_val"]) == 1 + KEPT_RECENT


def test_the_diagnosis_of_the_kept_losses_is_that_of_the_whole_history():
    # Validation loss falls until epoch 5 000, then rises while the training loss goes on falling: overfitting since ~5 000.
    epochs = 5_300
    train = [1.0 / (1 + 0.01 * e) for e in range(epochs)]
    val = [0.5 + abs(e - 5_000) * 1e-3 for e in range(epochs)]
    whole = DiagnosisTracker().update(train, val)
    kept = compact({"history_train": train, "history_val": val})
    cut = DiagnosisTracker().update(kept["history_train"], kept["history_val"], skipped=kept["history_skipped"])
    assert whole is not None and whole.state == "overfitting"
    assert cut == whole


@pytest.mark.parametrize(("change", "why"), [
    ({"history_skipped": 5}, "bad 'history_train': 1001 losses for 100000 epochs (5 left out)"),
    ({"history_skipped": "many"}, "bad 'history_skipped'"),
    ({"history_train": [1.0] * 11, "history_val": [1.0] * 11, "epoch": 20, "history_skipped": 9},
     "bad 'history_skipped': 9 epochs left out but fewer than 201 losses kept"),
])
def test_skipped_epochs_that_do_not_add_up_are_refused_in_one_line(tmp_path, change, why):
    # Written as is (to_bytes would compact it again): the shapes of a hand-edited file.
    payload = {"format": FORMAT, "version": VERSION, "saved_at": 0.0, **compact(long_snapshot()), **change}
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    (tmp_path / CHECKPOINT_NAME).write_bytes(buffer.getvalue())
    with pytest.raises(UserError, match="damaged checkpoint") as refused:
        read_checkpoint(tmp_path)
    assert why in str(refused.value) and len(str(refused.value).splitlines()) == 1


def test_a_short_runs_checkpoint_keeps_every_loss():
    snapshot = long_snapshot(1 + KEPT_RECENT)
    assert compact(snapshot) is snapshot and not math.isnan(snapshot["history_train"][-1])
