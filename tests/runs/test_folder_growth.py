"""A very long run's folder stops growing by a line per epoch: past 10 000 epochs it keeps every 10th, past
100 000 every 100th, and so on (metrics.csv, events.jsonl); 2^63 epochs stay under metrics.csv's read cap."""

from __future__ import annotations

from tui.core.events import EpochEnded, PatienceTicked
from tui.runs.file_limits import MAX_METRICS_BYTES
from tui.runs.folder import RunStore
from tui.runs.growth import recorded
from tui.runs.metrics_file import read_metrics


def epoch(n: int) -> EpochEnded:
    return EpochEnded(epoch=n, global_step=n * 10, train_loss=0.5, val_loss=0.6, train_accuracy=None, val_accuracy=None,
                      val_f1=None, val_mae=0.1, seconds=0.001, elapsed=n * 0.001)


def test_every_epoch_up_to_10000_then_every_10th_then_every_100th():
    assert all(recorded(n) for n in range(1, 10_001))
    assert [n for n in range(10_001, 10_041) if recorded(n)] == [10_010, 10_020, 10_030, 10_040]
    assert [n for n in range(100_001, 100_301) if recorded(n)] == [100_100, 100_200, 100_300]


def test_a_long_runs_logs_keep_the_recorded_epochs_only(tmp_path):
    store = RunStore(tmp_path)
    for n in range(9_995, 10_026):
        store.record(epoch(n))
        store.record(PatienceTicked(epoch=n, wait=1, patience=5))
    store.close()
    rows = [int(r["epoch"]) for r in read_metrics(tmp_path)]
    assert rows == [9_995, 9_996, 9_997, 9_998, 9_999, 10_000, 10_010, 10_020]
    lines = (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 * len(rows)


def test_2_to_the_63_epochs_fit_under_the_metrics_read_cap():
    rows, limit, step = 10_000, 10_000, 1
    while limit < 2**63:
        step, limit = step * 10, limit * 10
        rows += (min(limit, 2**63) - limit // 10) // step
    row_bytes = 160  # a row with every metric, as written
    assert rows * row_bytes < MAX_METRICS_BYTES
