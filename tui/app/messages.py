"""Messages the training worker posts to the training screen (thread-safe via post_message)."""

from __future__ import annotations

from textual.message import Message

from tui.engine.events import Event, Progress


class EngineEvent(Message):
    """One engine event of run `run_id` (events of an older run are ignored by the screen)."""

    def __init__(self, run_id: int, event: Event) -> None:
        super().__init__()
        self.run_id = run_id
        self.event = event

    def can_replace(self, message: Message) -> bool:
        # A queued progress snapshot is stale once a newer one arrives: each carries the whole state.
        return (
            isinstance(self.event, Progress)
            and isinstance(message, EngineEvent)
            and isinstance(message.event, Progress)
            and message.run_id == self.run_id
        )


class PlanReady(Message):
    """The "what this means" text for `config`, worked out off the UI thread (a CSV file had to be read)."""

    def __init__(self, config: object, text: object | None, problem: str = "") -> None:
        super().__init__()
        self.config = config
        self.text = text
        self.problem = problem
