"""The summary shown when a run ends: why, the best epoch, time, and where its files are."""

from __future__ import annotations

from textual.widgets import Static

from tui.core.events import Finished
from tui.core.vocabulary import FAILED
from tui.text.notices import finished_text


class RunSummary(Static):
    DEFAULT_CSS = """
    RunSummary { display: none; height: auto; padding: 0 1; background: $success-muted; }
    RunSummary.-failed { background: $error-muted; }
    RunSummary.-shown { display: block; }
    """

    def show_finished(self, event: Finished) -> None:
        failed = event.reason == FAILED
        self.set_class(failed, "-failed")
        self.add_class("-shown")
        mark = "✗ Failed:" if failed else "✓ Done:"
        self.update(f"{mark} {finished_text(event)}  [escape: back to the setup · ctrl+q: quit]")

    def show_error(self, message: str) -> None:
        self.add_class("-failed", "-shown")
        self.update(f"✗ Failed: {message}  [escape: back to the setup to fix it · ctrl+q: quit]")
