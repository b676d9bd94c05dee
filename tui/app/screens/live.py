"""What the three live screens (training, sweep, tune) share: work on a worker thread, its events shown as they come.

The work (a run, a sweep, a study) trains in a process of its own (tui.worker.parent); a thread worker
reads its events, only queues them in an EventInbox and posts a wake-up message when none is pending
(docs/DESIGN.md §Threads and processes). The screen takes what has arrived in batches on the UI thread. Stop and pause are
ControlFlags: the training process hears of a change at once. The app asks `running` which screens
are busy, and `request_stop` to quit cleanly (every run keeps its best model).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Generic, TypeVar

from textual import work
from textual.screen import Screen
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from tui.app.event_inbox import EventInbox
from tui.app.messages import EventsWaiting
from tui.worker.control import ControlFlag

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")
EVENTS_PER_TURN = 500  # events shown per wake-up before the UI thread lets keys and repaints in
ENDED = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)


class LiveScreen(Screen[ResultT], Generic[ItemT, ResultT]):
    """A screen that shows live work. A subclass says what the work is (`events`), how its events look
    (`show_events`) and what its end looks like (`work_ended`)."""

    STARTS_ON_MOUNT: ClassVar[bool] = True  # False: the work waits for a key (the tuning screen's s)

    def __init__(self) -> None:
        super().__init__()
        self.stop_flag = ControlFlag()
        self.pause_flag = ControlFlag()
        self.inbox: EventInbox[ItemT] = EventInbox()
        self.worker: Worker[None] | None = None
        # Busy from the start when the work starts on mount: quitting before the first frame still stops it.
        self.running = self.STARTS_ON_MOUNT

    # ------------------------------------------------------------------ what each screen says

    def events(self) -> Iterable[ItemT]:
        """The work's events. Called on the worker thread: never touch widgets here."""
        raise NotImplementedError

    def show_events(self, items: list[ItemT]) -> None:
        """Show a batch of events, oldest first (UI thread)."""
        raise NotImplementedError

    def work_ended(self, error: BaseException | None) -> None:
        """The work has ended (with `error`, or None), every event shown (UI thread; called once)."""

    def stopping(self) -> None:
        """A stop was asked for while the work runs: say so."""

    # ------------------------------------------------------------------ the work

    def start_work(self) -> None:
        self.stop_flag.clear()
        self.pause_flag.clear()
        self.running = True
        self.worker = self._move_events()

    @work(thread=True, exit_on_error=False, group="live", exclusive=True)
    def _move_events(self) -> None:
        inbox = self.inbox
        for item in self.events():
            if inbox.put(item):
                self.post_message(EventsWaiting())
            inbox.wait_for_room(self.stop_flag)

    def on_events_waiting(self, message: EventsWaiting) -> None:
        if self._show_waiting(EVENTS_PER_TURN):
            self.post_message(EventsWaiting())  # the rest after the keys and repaints queued meanwhile

    def _show_waiting(self, most: int | None = None) -> bool:
        """Show up to `most` waiting events (all when None); True when some are left."""
        while True:
            items, more = self.inbox.take(most or EVENTS_PER_TURN)
            if items:
                self.show_events(items)
            if not more or most is not None:
                return more

    def work_over(self) -> None:
        """The work's last event has been shown: show its end now, not once its process has wound down (a
        training process takes a second to exit after its run folder is complete; `running` until then would
        show "Done" while keys still act as if training)."""
        if self.running:
            self.running = False
            self.work_ended(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self.worker and event.state in ENDED:
            self._end(event.worker)

    def _end(self, worker: Worker[None]) -> None:
        """The work is over: show what is left, then its end (once, whether the worker's news or a waiting screen came first)."""
        if not self.running:
            return
        self._show_waiting()  # all of them, before the work counts as ended
        self.running = False
        self.work_ended(worker.error if worker.state == WorkerState.ERROR else None)

    # ------------------------------------------------------------------ stopping

    def request_stop(self) -> None:
        """Stop after the current step; the work keeps (and restores) the best model. The app calls it to quit."""
        if self.running:
            self.stop_flag.set()
            self.pause_flag.clear()
            self.stopping()

    async def stop_and_wait(self) -> None:
        """Stop the work and wait for its end (it checks the flag every step)."""
        self.request_stop()
        worker = self.worker
        if worker is None or not self.running:
            return
        try:
            await worker.wait()
        except (WorkerFailed, WorkerCancelled):
            pass  # its end is shown below; leaving anyway
        self._end(worker)
