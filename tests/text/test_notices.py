"""The notices in the lecture's words, to the digit: "Validation loss decreased (x --> y)" with 6 decimals."""

from __future__ import annotations

from tui.core.events import Finished, Improved
from tui.text.notices import finished_text, improved_text


def test_an_improvement_prints_both_values_with_six_decimals():
    event = Improved(2, "val_loss", 0.68761349, 0.51234567, "/runs/r/best.safetensors")
    assert improved_text(event) == "Validation loss decreased (0.687613 --> 0.512346). Saving model ..."


def test_the_first_improvement_starts_from_inf_and_without_a_file_keeps_the_weights():
    first = improved_text(Improved(1, "val_loss", None, 0.5, None))
    assert first == "Validation loss decreased (inf --> 0.500000). Keeping these weights ..."
    assert improved_text(Improved(1, "val_accuracy", None, 0.9, None)) == (
        "Validation accuracy increased (-inf --> 0.900000). Keeping these weights ..."
    )


def test_the_end_line_does_not_repeat_the_divergence_notice_shown_just_before():
    said = "Diverged: the training loss is no longer a finite number (NaN or inf). Try training.lr = 0.05."
    end = Finished("diverged", 1, None, None, "runs/x", "val_loss", 0.1, message=said)
    assert finished_text(end, said) == "Diverged after 1 epoch (0.1 s). Run saved in runs/x"
    assert "no longer a finite number" in finished_text(end)  # nothing shown before it: the reason stays
