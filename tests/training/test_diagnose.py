"""The curve diagnosis in the lecture's words, from synthetic curves."""

from __future__ import annotations

from tui.training.diagnose import DiagnosisTracker, diagnose


def test_too_early_to_tell():
    assert diagnose([1.0, 0.9], [1.0, 0.95]) is None


def test_healthy_when_both_losses_fall():
    train = [1.0 / (1 + e) for e in range(20)]
    assert diagnose(train, [t * 1.1 for t in train]).state == "healthy"


def test_not_learning_when_the_loss_stays_flat():
    assert diagnose([0.693, 0.6929, 0.6931, 0.693, 0.6929, 0.693], [0.69] * 6).state == "not_learning"


def test_overfitting_names_the_epoch_where_validation_turned():
    train = [1.0 - 0.04 * e for e in range(24)]
    val = [1.0 - 0.05 * e for e in range(10)] + [0.55 + 0.04 * e for e in range(14)]
    result = diagnose(train, val)
    assert result.state == "overfitting"
    assert 8 <= result.since_epoch <= 12
    assert f"since epoch {result.since_epoch}" in result.message


def test_diverging_on_non_finite_or_exploding_loss():
    assert diagnose([1.0, float("nan")], [None, None]).state == "diverging"
    assert diagnose([1.0, 1.5, 3.0, 9.0], [None] * 4).state == "diverging"


def test_tracker_announces_changes_once_and_ignores_one_epoch_blips():
    tracker = DiagnosisTracker()
    train = [1.0 / (1 + e) for e in range(6)]
    assert tracker.update(train, train).state == "healthy"
    assert tracker.update(train + [0.1], train + [0.1]) is None  # same state: nothing new to say
    tracker, states = DiagnosisTracker(), []
    flat_train = [0.5] * 40
    for n in range(1, 40):
        result = tracker.update(flat_train[:n], flat_train[:n])
        if result:
            states.append(result.state)
    assert states == ["not_learning"]


def test_a_long_run_is_diagnosed_from_its_recent_epochs_with_the_right_epoch_numbers():
    tracker = DiagnosisTracker()
    train = [1.0 / (1 + 0.01 * e) for e in range(3000)]
    val = [t * 1.05 for t in train[:2900]] + [train[2899] * 1.05 * (1 + 0.01 * e) for e in range(100)]
    announced = [r for n in range(1, 3001) if (r := tracker.update(train[:n], val[:n]))]
    assert [r.state for r in announced] == ["healthy", "overfitting"]
    assert 2895 <= announced[-1].since_epoch <= 2905
