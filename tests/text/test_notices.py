"""The notices in the lecture's words, to the digit: "Validation loss decreased (x --> y)" with 6 decimals."""

from __future__ import annotations

from tui.core.events import Improved
from tui.text.notices import improved_text


def test_an_improvement_prints_both_values_with_six_decimals():
    event = Improved(2, "val_loss", 0.68761349, 0.51234567, "/runs/r/best.safetensors")
    assert improved_text(event) == "Validation loss decreased (0.687613 --> 0.512346). Saving model ..."


def test_the_first_improvement_starts_from_inf_and_without_a_file_keeps_the_weights():
    first = improved_text(Improved(1, "val_loss", None, 0.5, None))
    assert first == "Validation loss decreased (inf --> 0.500000). Keeping these weights ..."
    assert improved_text(Improved(1, "val_accuracy", None, 0.9, None)) == (
        "Validation accuracy increased (-inf --> 0.900000). Keeping these weights ..."
    )
