"""The presets of the training knobs show what their descriptions promise."""

from __future__ import annotations

from tests.core.test_presets import epochs, kinds, preset, run
from tui.training.lr_finder import find_lr
from tui.training.trainer import Trainer


def test_overfitting_fixed_keeps_the_validation_loss_from_climbing():
    val = [e.val_loss for e in epochs(run("overfitting-fixed"))]
    best = min(val)
    assert val[-1] < 1.1 * best and max(val[val.index(best):]) < 1.1 * best, "no climb after the minimum"
    assert preset("overfitting-fixed").data == preset("overfitting").data


def test_zero_init_trains_and_its_hidden_units_stay_tied():
    events = run("zero-init")
    assert events[-1].reason == "completed"
    (tied,) = kinds(events, "symmetric")
    assert tied.layers == ["hidden1"] and tied.units == [8]


def test_schedule_cosine_anneals_the_lr_to_eta_min():
    lrs = [e.lr for e in epochs(run("schedule-cosine")) if e.epoch >= 1]  # epoch 0 trains nothing
    assert lrs[0] == 0.05 and lrs == sorted(lrs, reverse=True) and lrs[-1] < 0.001


def test_lr_finder_suggests_a_larger_rate_that_learns_faster():
    found = find_lr(Trainer(preset("lr-finder")))
    assert found.suggested_lr is not None and 0.003 <= found.suggested_lr <= 0.3
    slow = epochs(run("lr-finder"))[-1].val_loss
    fast = epochs(run("lr-finder", f"training.lr={found.suggested_lr}"))[-1].val_loss
    assert fast < 0.5 * slow
