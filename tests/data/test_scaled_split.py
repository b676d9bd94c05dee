"""split_and_scale gives bit for bit the numbers of splitting, standardizing and casting the whole table at once."""

import numpy as np
import pytest

from tui.data.preprocessing import FeatureColumn, Preprocessing
from tui.data.scaled_split import column_blocks, split_and_scale


def _whole_table(x: np.ndarray, train: np.ndarray, val: np.ndarray, standardize: bool) -> tuple[np.ndarray, ...]:
    """The way prepare computed it before: float64 copies of both splits, then float32."""
    x_train, x_val = x[train], x[val]
    mean, scale = np.zeros(x.shape[1]), np.ones(x.shape[1])
    if standardize:
        mean, scale = x_train.mean(axis=0), x_train.std(axis=0)
        scale[scale == 0] = 1.0
        x_train, x_val = (x_train - mean) / scale, (x_val - mean) / scale
    return mean, scale, x_train.astype(np.float32), x_val.astype(np.float32)


@pytest.mark.parametrize("width", [1, 2, 3, 8, 9, 17, 19])
@pytest.mark.parametrize("standardize", [True, False])
def test_blocks_match_the_whole_table(width: int, standardize: bool) -> None:
    rng = np.random.default_rng(width)
    x = rng.normal(size=(30_001, width)) * rng.uniform(0.1, 1e4, size=width) + rng.uniform(-1e3, 1e3, size=width)
    x[:, 0] = 5.0  # a constant column keeps scale 1
    order = rng.permutation(len(x))
    train, val = np.sort(order[6_000:]), np.sort(order[:6_000])
    encoding = Preprocessing(tuple(FeatureColumn(f"f{i}") for i in range(width)), (0.0,) * width, (1.0,) * width)
    fitted, x_train, x_val = split_and_scale(x, train, val, encoding, standardize)
    mean, scale, expected_train, expected_val = _whole_table(x, train, val, standardize)
    assert fitted.mean == tuple(float(v) for v in mean) and fitted.scale == tuple(float(v) for v in scale)
    assert x_train.dtype == np.float32 and np.array_equal(x_train, expected_train)
    assert np.array_equal(x_val, expected_val)


def test_no_block_is_one_column_wide_unless_the_table_is() -> None:
    assert column_blocks(1) == [slice(0, 1)]
    for width in range(2, 40):
        blocks = column_blocks(width)
        assert blocks[0].start == 0 and blocks[-1].stop == width
        assert all(b.stop - b.start >= 2 for b in blocks)
        assert all(a.stop == b.start for a, b in zip(blocks, blocks[1:]))
