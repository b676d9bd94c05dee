"""A single-run chart's y-range: a flat series draws flat, a small change looks small, a real fall fills the chart."""

from __future__ import annotations

import math

import pytest

from tui.app.chart_range import MIN_SPAN_FRACTION, short_ticks, y_range


def share_of_height(values: list[float]) -> float:
    low, high = y_range(values)
    return (max(values) - min(values)) / (high - low)


def test_a_flat_loss_draws_flat():
    not_learning = [0.693147, 0.693539, 0.693201, 0.693388]  # the not-learning preset's wobble
    assert share_of_height(not_learning) < 0.01


def test_a_small_change_looks_small_and_a_real_fall_fills_the_chart():
    sgd, adam = [0.70, 0.69, 0.68], [0.71, 0.3, 0.02]
    assert share_of_height(sgd) < 0.2
    assert share_of_height(adam) == 1.0


@pytest.mark.parametrize("values", [[0.6931, 0.6935], [5.0], [-3.0, -3.001], [1e-6, 1.1e-6], [93.0, 94.0]])
def test_the_span_is_at_least_the_share_of_the_magnitude_and_holds_the_values(values):
    low, high = y_range(values)
    assert high - low >= MIN_SPAN_FRACTION * max(abs(v) for v in values) * (1 - 1e-12)
    assert low <= min(values) and max(values) <= high


def test_non_negative_values_keep_a_non_negative_range():
    low, high = y_range([0.01, 0.012])
    assert low >= 0
    assert y_range([0.0, 0.0]) == (0.0, 1.0)


def test_non_finite_values_are_left_out():
    assert y_range([math.nan, math.inf]) is None
    assert y_range([0.5, math.nan, 0.5]) == pytest.approx((0.45, 0.55))


def test_huge_values_get_short_tick_labels_and_ordinary_ones_keep_plotexts():
    ticks, labels = short_ticks(0.0, 8.62e34)
    assert ticks[0] == 0 and ticks[-1] == 8.62e34 and max(len(label) for label in labels) <= 8
    assert short_ticks(0.6, 0.8) is None


def test_in_spanish_the_y_labels_carry_the_decimal_comma(spanish):
    from tui.app.chart_range import short_ticks

    ticks = short_ticks(0.112, 1.17)
    assert ticks is not None
    assert ticks[1][0] == "0,112" and ticks[1][-1] == "1,17"
