"""Objective: targets, predictions and F1 on hand-checked numbers (each test kills a mutmut survivor)."""

from __future__ import annotations

import pytest
import torch

from tui.core.errors import ConfigError
from tui.training.objective import Objective, f1_score


def test_a_classification_loss_on_a_numeric_target_is_refused_with_the_loss_named() -> None:
    with pytest.raises(ConfigError, match="'cross_entropy' is a classification loss but the target is numeric"):
        Objective.for_data("regression", "cross_entropy", None)


def test_regression_targets_stay_fractional() -> None:
    targets = Objective("regression", "mse", None).loss_targets(torch.tensor([0.25, 1.5]))
    assert targets.dtype == torch.float32
    assert targets.tolist() == [0.25, 1.5]


def test_hinge_targets_are_minus_one_and_plus_one() -> None:
    assert Objective("classification", "hinge", 2).loss_targets(torch.tensor([0, 1])).tolist() == [-1.0, 1.0]


def test_a_regression_prediction_is_the_output_value_itself() -> None:
    out = torch.tensor([[0.25], [-1.5]])
    assert Objective("regression", "mse", None).predict(out).tolist() == [0.25, -1.5]


def test_a_single_logit_predicts_class_one_only_above_zero() -> None:
    # Logit 0 is probability ½: not above it, so class 0; any positive logit, even below 1, is class 1.
    out = torch.tensor([[0.0], [0.5], [-0.5]])
    assert Objective("classification", "bce", 2).predict(out).tolist() == [0, 1, 0]


def test_binary_f1_is_the_positive_class_f1() -> None:
    # Positive class: tp 2, predicted 3, actual 4 -> F1 = 2*2 / (3 + 4) = 4/7 (class 0's F1 is 2/3).
    y = torch.tensor([1, 1, 1, 1, 0, 0, 0])
    pred = torch.tensor([1, 1, 0, 0, 1, 0, 0])
    assert f1_score(pred, y, 2) == pytest.approx(4 / 7)


def test_macro_f1_averages_every_class_even_one_never_seen() -> None:
    # Class 0: tp 2, predicted 2, actual 3 -> 4/5. Class 1: tp 1, predicted 2, actual 1 -> 2/3.
    # Class 2 never appears (predicted 0, actual 0) -> 0. Macro mean = (4/5 + 2/3 + 0) / 3.
    y = torch.tensor([0, 0, 0, 1])
    pred = torch.tensor([0, 0, 1, 1])
    assert f1_score(pred, y, 3) == pytest.approx((4 / 5 + 2 / 3) / 3)


def test_macro_f1_counts_a_class_predicted_less_often_than_it_occurs() -> None:
    # Class 0: tp 1, predicted 1, actual 2 -> 2/3. Class 1: tp 1, predicted 2, actual 1 -> 2/3. Class 2: tp 2, 2, 2 -> 1.
    y = torch.tensor([0, 0, 1, 2, 2])
    pred = torch.tensor([0, 1, 1, 2, 2])
    assert f1_score(pred, y, 3) == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
