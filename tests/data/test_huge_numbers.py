"""Numbers too large to scale or to train on are refused as data, naming the column, not trained on as zeros or NaN."""

from __future__ import annotations

import numpy as np
import pytest

from tests.cli.helpers import assert_one_clear_line, run_cli
from tui.core.config import DataConfig
from tui.core.errors import DataError
from tui.core.vocabulary import REGRESSION
from tui.data.loading import prepare
from tui.data.raw import RawData

ROWS = 20
SMALL = np.arange(ROWS, dtype=np.float64)


@pytest.mark.parametrize("standardize", [True, False])
def test_a_target_near_1e200_is_refused_naming_the_target(standardize):
    # Its spread overflows: every scaled target became 0 and the run "finished".
    raw = RawData(SMALL.reshape(-1, 1), np.linspace(1, 2, ROWS) * 1e200, REGRESSION, ["a"])
    with pytest.raises(DataError, match="the target column 'price' holds numbers too large"):
        prepare(raw, DataConfig(dataset="csv", path="x.csv", target="price", val_split=0.2, standardize=standardize), seed=0)


def test_a_feature_near_1e308_is_refused_naming_the_column():
    # Its mean overflows: every scaled value became NaN and the run "diverged" with advice to lower the learning rate.
    x = np.column_stack([SMALL, np.linspace(1, 1.7, ROWS) * 1e308])
    raw = RawData(x, SMALL, REGRESSION, ["fine", "huge"])
    with pytest.raises(DataError, match="feature column 'huge' holds numbers too large"):
        prepare(raw, DataConfig(dataset="csv", path="x.csv", target="y", val_split=0.2), seed=0)


def test_large_but_usable_numbers_still_train():
    raw = RawData(SMALL.reshape(-1, 1) * 1e30, np.linspace(1, 2, ROWS) * 1e30, REGRESSION, ["a"])
    data = prepare(raw, DataConfig(dataset="csv", path="x.csv", target="y", val_split=0.2), seed=0)
    assert np.isfinite(data.x_train).all() and np.isfinite(data.y_train).all() and data.target_scale > 1e28


def test_the_cli_exits_2_naming_the_column(tmp_path, capsys):
    rows = "".join(f"{3 * i},{(1 + i / ROWS) * 1e200!r}\n" for i in range(ROWS))
    (tmp_path / "big.csv").write_text("a,price\n" + rows, encoding="utf-8")
    preset = tmp_path / "big.toml"
    preset.write_text('name = "big"\n[data]\ndataset = "csv"\npath = "big.csv"\ntarget = "price"\n', encoding="utf-8")
    code, err = run_cli(capsys, "train", str(preset), "--no-save", "--quiet")
    assert_one_clear_line(code, err, "'price'", "too large")
