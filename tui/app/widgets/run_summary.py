"""The summary shown when a run ends: why, the best epoch, time, and where its files are."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.core.events import Finished
from tui.core.i18n import _, translated
from tui.core.vocabulary import DIVERGED, FAILED
from tui.text.notices import end_mark, finished_text


class RunSummary(Static):
    DEFAULT_CSS = """
    RunSummary { display: none; height: auto; padding: 0 1; background: $success-muted; }
    RunSummary.-failed { background: $error-muted; }
    RunSummary.-shown { display: block; }
    """  # not translated: CSS

    def show_finished(self, event: Finished) -> None:
        failed = event.reason in (FAILED, DIVERGED)
        self.set_class(failed, "-failed")
        self.add_class("-shown")
        # Text: the run folder's path and the messages are shown as they are, never read as markup.
        if event.run_dir:  # the training screen's evaluation view needs the run's folder
            keys = _("[E: evaluate · escape: back to the setup · ctrl+q: quit]")
        else:
            keys = _("[escape: back to the setup · ctrl+q: quit]")
        self.update(Text(f"{translated(end_mark(event.reason))} {translated(finished_text(event))}  {keys}"))

    def show_error(self, message: str) -> None:
        self.add_class("-failed", "-shown")
        failed = _("✗ Failed: {message}  [escape: back to the setup to fix it · ctrl+q: quit]")
        self.update(Text(failed.format(message=translated(message))))
