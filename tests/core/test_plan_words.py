"""What people read about a run's arithmetic: counts in the right number, ⌈N / b⌉ explained, no idle activation."""

from __future__ import annotations

from tui.core.events import RunStarted
from tui.core.plan import describe_model, last_batch_size, model_line, steps_arithmetic
from tui.text.counts import counted
from tui.text.notices import start_text


def started(train_size: int, val_size: int, batch_size: int, steps: int, epochs: int) -> RunStarted:
    return RunStarted(
        name="x", train_size=train_size, val_size=val_size, batch_size=batch_size, steps_per_epoch=steps,
        total_steps=steps * epochs, gd_kind="batch", parameters=9, device="cpu", epochs=epochs, task="regression",
        monitor=None, patience=0, run_dir=None, model_summary="", threads=1,
    )


def test_counts_are_singular_for_one():
    assert counted(1, "epoch") == "1 epoch" and counted(2, "epoch") == "2 epochs" and counted(1000, "step") == "1,000 steps"
    text = start_text(started(1, 1, 1, 1, 1))
    assert "1 training / 1 validation example," in text and "1 epoch = 1 step;" in text
    assert "examples" not in text and "epochs" not in text and "steps" not in text and "1 thread" in text


def test_the_last_smaller_batch_is_said_where_the_steps_are():
    assert last_batch_size(120, 16) == 8 and last_batch_size(120, 12) == 12
    assert steps_arithmetic(120, 16) == "⌈120 / 16⌉ = 8 (rounded up: the last batch is smaller, 8 examples)"
    assert steps_arithmetic(120, 12) == "⌈120 / 12⌉ = 10"  # no rounding, nothing to explain
    assert "8 steps per epoch, the last of 8 examples (" in start_text(started(120, 30, 16, 8, 2))
    assert "10 steps per epoch (" in start_text(started(120, 30, 12, 10, 2))


def test_a_network_without_hidden_layers_names_no_activation():
    assert model_line(4, [], 3, "relu") == "4 → 3 (no hidden layer, so no activation)"
    assert model_line(4, [8], 3, "relu") == "4 → 8 → 3 (relu)"
    assert "activation is not used" in describe_model(4, [], 3, "relu")
    assert "not used" not in describe_model(4, [8], 3, "relu")
