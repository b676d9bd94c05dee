"""A training screen for a run that trains in another process (`nn-tui attach`): its history, then live.

The events come from the run folder (tui.runs.follow); pause and stop go to the run through its control
pipe (tui.runs.control_pipe), as `nn-tui stop` does. Leaving this view (escape, d, quitting the app)
leaves the run training: only its own process trains it (docs/DESIGN.md §Detach and attach).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from tui.app.screens.training import TrainingScreen
from tui.core.config import RunConfig
from tui.core.errors import UserError
from tui.core.events import Event
from tui.core.i18n import _, translated
from tui.core.run_commands import PAUSE, RESUME, STOP
from tui.runs.control_pipe import send_command
from tui.runs.follow import follow_run


class AttachedScreen(TrainingScreen):
    def __init__(self, config: RunConfig, runs_root: Path | None, run_dir: Path) -> None:
        self.attached_to = run_dir
        self.leave = threading.Event()
        super().__init__(config, runs_root, self._follow)

    def _follow(self, config: RunConfig, runs_root: Path | None, stop: threading.Event, pause: threading.Event) -> Iterator[Event]:
        return follow_run(self.attached_to, self.leave)

    def on_mount(self) -> None:
        super().on_mount()
        self.panel.border_subtitle = _("attached · esc leaves it training")
        self.pace.listen_commands(self._send_line)  # the pace keys, n and N reach the run through its folder too
        self.notices.add(_("Attached to {run}: its history, then live. Escape leaves it training.").format(run=self.attached_to.name))

    def _send_line(self, line: str) -> None:
        self._send(line)

    def _send(self, line: str) -> bool:
        try:
            if send_command(self.attached_to, line):
                return True
            self.notify(_("The run has already ended."), timeout=4)
        except UserError as error:
            self.notify(translated(str(error)), severity="error", timeout=8)
        return False

    def action_toggle_pause(self) -> None:
        if self.running:  # the file's paused event confirms it; until then the panel shows what was asked
            paused = self.panel.state.status == "paused"
            if self._send(RESUME if paused else PAUSE):
                self.pause_flag.clear() if paused else self.pause_flag.set()  # n and N read it
                self.panel.set_status("training" if paused else "paused")
                self.panel.refresh()

    def action_stop(self) -> None:
        if self.running and self._send(STOP):
            self.stopping()

    def request_stop(self) -> None:
        """The app is quitting: stop watching, not the run."""
        self.leave.set()
        self.running = False

    def action_detach(self) -> None:
        self.action_back()

    def action_back(self) -> None:
        self.leave.set()
        self.dismiss()

    def work_ended(self, error: BaseException | None) -> None:
        if not self.leave.is_set():
            super().work_ended(error)
