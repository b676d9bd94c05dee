"""Examples written in the preset itself (the lecture's worked example)."""

from __future__ import annotations

import numpy as np

from tui.core.config import DataConfig
from tui.core.vocabulary import CLASSIFICATION, REGRESSION
from tui.data.raw import RawData, register


@register("inline")
def load_inline(config: DataConfig, seed: int) -> RawData:
    x = np.asarray(config.x, dtype=np.float64)
    task = config.task or REGRESSION
    if task == CLASSIFICATION:
        labels = sorted({int(v) for v in config.y or []})
        index = {label: i for i, label in enumerate(labels)}
        y = np.asarray([index[int(v)] for v in config.y or []], dtype=np.int64)
        return RawData(x, y, task, [f"x{i + 1}" for i in range(x.shape[1])], [str(v) for v in labels])
    return RawData(x, np.asarray(config.y, dtype=np.float64), task, [f"x{i + 1}" for i in range(x.shape[1])])
