"""split_indices on small hand-made targets (each test kills a mutmut survivor of the data split)."""

from __future__ import annotations

import numpy as np
import pytest

from tui.core.errors import DataError
from tui.core.vocabulary import CLASSIFICATION, REGRESSION
from tui.data.loading import split_indices


def test_the_same_seed_gives_the_same_split_and_another_seed_another() -> None:
    y = np.arange(40, dtype=np.float32)
    first = split_indices(y, REGRESSION, 0.25, seed=7)
    again = split_indices(y, REGRESSION, 0.25, seed=7)
    other = split_indices(y, REGRESSION, 0.25, seed=8)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[1], other[1])


def test_no_validation_split_keeps_every_example_for_training_and_an_empty_integer_index() -> None:
    y = np.arange(6, dtype=np.float32)
    train, val = split_indices(y, REGRESSION, 0.0, seed=0)
    assert sorted(train.tolist()) == list(range(6))
    assert len(val) == 0 and val.dtype.kind == "i"
    assert len(y[val]) == 0  # usable as an index (a float array is not)


def test_two_examples_are_enough_to_hold_one_out() -> None:
    train, val = split_indices(np.array([0.5, 1.5]), REGRESSION, 0.5, seed=0)
    assert len(train) == 1 and len(val) == 1
    assert sorted(train.tolist() + val.tolist()) == [0, 1]


def test_two_examples_per_class_are_enough_for_a_stratified_split() -> None:
    y = np.array([0, 0, 1, 1])
    train, val = split_indices(y, CLASSIFICATION, 0.5, seed=0)
    assert sorted(y[train].tolist()) == [0, 1] and sorted(y[val].tolist()) == [0, 1]


def test_a_class_with_one_example_is_refused_with_what_to_do() -> None:
    y = np.array([0, 0, 0, 1])
    expected = (
        r"class 1 has only 1 example; a stratified split needs at least 2 per class "
        r"\(remove the class, add examples, or set data.val_split = 0\)"
    )
    with pytest.raises(DataError, match=expected):
        split_indices(y, CLASSIFICATION, 0.25, seed=0)


@pytest.mark.parametrize("task", [REGRESSION, CLASSIFICATION])
def test_without_a_validation_split_the_training_order_is_the_seeds_pinned_permutation(task) -> None:
    # Saved runs' data fingerprints hash this order: a sorted (or differently shuffled) order would refuse their resume.
    y = np.array([0, 1] * 4, dtype=np.float32 if task == REGRESSION else np.int64)
    train, _ = split_indices(y, task, 0.0, seed=3)
    assert train.tolist() == [6, 7, 2, 1, 4, 5, 3, 0]
