"""The end banner says what happened with the right mark, and shows paths and messages as they are."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from tui.app.widgets.run_summary import RunSummary
from tui.core.events import Finished
from tui.training.trainer import DIVERGED_UNSAVED


class OneBanner(App):
    def compose(self) -> ComposeResult:
        yield RunSummary()


def banner_after(event: Finished) -> tuple[str, bool]:
    async def scenario() -> tuple[str, bool]:
        app = OneBanner()
        async with app.run_test(size=(200, 10)) as pilot:
            summary = app.query_one(RunSummary)
            summary.show_finished(event)
            await pilot.pause()
            return str(summary.render()), summary.has_class("-failed")

    return asyncio.run(scenario())


def test_a_divergence_before_any_best_is_no_done():
    message = f"Diverged: the training loss is no longer a finite number (NaN or inf). {DIVERGED_UNSAVED}"
    text, failed = banner_after(Finished("diverged", 1, None, None, "runs/[bold]x[/bold]", "val_loss", 0.2, message=message))
    assert text.startswith("✗ Diverged after 1 epoch") and failed
    assert "Done" not in text and "kept" not in text and "No weights were saved" in text
    assert "runs/[bold]x[/bold]" in text  # a path is no markup


def test_a_finished_run_is_done():
    text, failed = banner_after(Finished("completed", 5, 4, 0.3, "runs/x", "val_loss", 0.2))
    assert text.startswith("✓ Done: Finished all epochs after 5 epochs") and not failed
