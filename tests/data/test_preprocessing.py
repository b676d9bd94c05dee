"""The feature encoding fitted on the training rows and applied to any rows (training and predict share it)."""

from __future__ import annotations

import numpy as np
import pytest

from tui.data import preprocessing
from tui.data.preprocessing import ONE_HOT, Preprocessing

FRAME = {
    "island": np.array(["Dream", "Biscoe", "Dream", "Torgersen", "Biscoe", "Dream"], dtype=object),
    "mass": np.array([3.0, 5.0, 4.0, 6.0, 2.0, 4.0]),
}


def test_text_columns_get_the_training_rows_categories_and_numbers_their_statistics():
    fitted = preprocessing.fit(FRAME, np.array([0, 1, 2, 4]), standardize=True)  # Torgersen only outside training
    assert fitted.columns[0].encoding == ONE_HOT and fitted.columns[0].categories == ("Biscoe", "Dream")
    assert fitted.encoded_names == ["island=Biscoe", "island=Dream", "mass"]
    assert fitted.mean == pytest.approx((0.5, 0.5, 3.5))
    assert fitted.scale == pytest.approx((0.5, 0.5, np.std([3.0, 5.0, 4.0, 2.0])))


def test_unseen_categories_encode_as_all_zeros_and_the_columns_order_follows_the_fit():
    fitted = preprocessing.fit(FRAME, np.array([0, 1, 2, 4]), standardize=False)
    rows = {"mass": np.array([1.5, 2.5]), "island": np.array(["Torgersen", "Dream"], dtype=object), "extra": np.zeros(2)}
    assert fitted.encode(rows).tolist() == [[0.0, 0.0, 1.5], [0.0, 1.0, 2.5]]


def test_the_fitted_state_survives_a_round_trip_through_plain_data():
    fitted = preprocessing.fit(FRAME, np.arange(6), standardize=True)
    again = Preprocessing.from_dict(fitted.to_dict())
    assert again == fitted
    assert again.transform(FRAME) == pytest.approx(fitted.transform(FRAME))


def test_a_malformed_saved_state_is_refused():
    saved = preprocessing.fit(FRAME, np.arange(6), standardize=True).to_dict()
    saved["mean"] = saved["mean"][:-1]
    with pytest.raises(ValueError, match="one per encoded input"):
        Preprocessing.from_dict(saved)
    saved = preprocessing.fit(FRAME, np.arange(6), standardize=True).to_dict()
    saved["columns"][0]["encoding"] = "hash"
    with pytest.raises(ValueError, match="encoding 'hash'"):
        Preprocessing.from_dict(saved)
