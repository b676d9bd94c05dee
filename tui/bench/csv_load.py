"""`nn-tui bench`'s CSV figure: how long a large CSV takes to become training arrays (read, parse, split, scale)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rich.console import Console

from tui.core.i18n import _, number

CSV_COLUMNS = 20  # 19 features and a 0/1 label


def bench_csv_load(console: Console, rows: int, seed: int = 0) -> None:
    """Write a rows × 20 CSV of random numbers, then time `load_dataset` on it (wall and CPU seconds)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from tui.core.config import DataConfig
    from tui.data.loading import load_dataset

    rng = np.random.default_rng(seed)
    features = rng.normal(size=(rows, CSV_COLUMNS - 1)).round(4)
    columns = {f"f{i}": features[:, i] for i in range(CSV_COLUMNS - 1)} | {"label": (features[:, 0] > 0).astype(np.int64)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.csv"
        pacsv.write_csv(pa.table(columns), path)
        megabytes = path.stat().st_size / 1e6
        wall, cpu = time.perf_counter(), time.process_time()
        dataset = load_dataset(DataConfig(dataset="csv", path=str(path), target="label"), seed)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    console.print(
        _("CSV load: {rows} × {columns} ({megabytes} MB) read, split and scaled into "
          "{train} + {val} examples in {wall} s ({cpu} s of CPU)").format(
            rows=number(rows, ","), columns=CSV_COLUMNS, megabytes=number(megabytes, ",.0f"),
            train=number(len(dataset.x_train), ","), val=number(len(dataset.x_val), ","),
            wall=number(wall, ".1f"), cpu=number(cpu, ".1f"))
    )
