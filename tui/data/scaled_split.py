"""The training and validation inputs as float32, standardized with the training rows' statistics, a few columns at a time.

The same numbers as splitting the whole float64 table, standardizing it and casting it (`(x - mean) / scale`, then
float32), without the float64 copies of the whole split: for a 1 000 000 × 19 table that was ~0.9 GB of temporaries.
numpy sums a C-order block down its rows one row after another for every block at least two columns wide, so a
block's mean and standard deviation are bit for bit those of the whole split (a one-column block would be summed
pairwise, so the last block never has one column alone unless the table has only one).
"""

from __future__ import annotations

import numpy as np

from tui.data.preprocessing import Preprocessing

BLOCK_COLUMNS = 8  # float64 temporaries of rows × 8 at most


def column_blocks(width: int) -> list[slice]:
    """Slices of at most BLOCK_COLUMNS columns covering 0..width, none one column wide unless width is 1."""
    starts = list(range(0, width, BLOCK_COLUMNS))
    if len(starts) > 1 and width - starts[-1] == 1:
        starts[-1] -= 1  # the last column joins the block before it (that block is then 7 wide)
    return [slice(start, end) for start, end in zip(starts, [*starts[1:], width])]


def split_and_scale(
    x: np.ndarray, train_idx: np.ndarray, val_idx: np.ndarray, encoding: Preprocessing, standardize: bool
) -> tuple[Preprocessing, np.ndarray, np.ndarray]:
    """x's training and validation rows as float32, standardized by the training rows when asked; the encoding with its scaling."""
    width = x.shape[1]
    x_train = np.empty((len(train_idx), width), dtype=np.float32)
    x_val = np.empty((len(val_idx), width), dtype=np.float32)
    mean, scale = np.zeros(width), np.ones(width)
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is refused by the caller, naming the column
        for columns in column_blocks(width):
            train = x[train_idx, columns]  # a C-order copy of the block, as x[train_idx][:, columns] would be
            if standardize:
                mean[columns], scale[columns] = train.mean(axis=0), train.std(axis=0)
            fitted_scale = np.where(scale[columns] == 0, 1.0, scale[columns])  # a constant column stays constant
            scale[columns] = fitted_scale
            x_train[:, columns] = _standardized(train, mean[columns], fitted_scale) if standardize else train
            x_val[:, columns] = _standardized(x[val_idx, columns], mean[columns], fitted_scale) if standardize else x[val_idx, columns]
    if standardize:
        encoding = Preprocessing(encoding.columns, tuple(float(v) for v in mean), tuple(float(v) for v in scale))
    return encoding, x_train, x_val


def _standardized(block: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """(block - mean) / scale in place (block is a copy), still float64: the cast to float32 comes after, as before."""
    block -= mean
    block /= scale
    return block
