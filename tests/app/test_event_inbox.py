"""The inbox between the training thread and the UI: one wake-up at a time, nothing lost, a bounded backlog."""

from __future__ import annotations

import threading

from tui.app.event_inbox import EventInbox
from tui.core.events import PatienceTicked


def ticks(n: int) -> list[PatienceTicked]:
    return [PatienceTicked(epoch, 0, 5) for epoch in range(1, n + 1)]


def test_only_the_first_event_after_a_take_asks_for_a_wake_up():
    inbox = EventInbox()
    first, second, third = ticks(3)
    assert inbox.put(first) is True
    assert inbox.put(second) is False  # a wake-up is already on its way
    assert inbox.take(10) == ([first, second], False)
    assert inbox.put(third) is True


def test_a_partial_take_says_more_are_left_and_keeps_them_in_order():
    inbox = EventInbox()
    events = ticks(5)
    for event in events:
        inbox.put(event)
    batch, more = inbox.take(3)
    assert batch == events[:3] and more
    assert inbox.put(PatienceTicked(6, 0, 5)) is False  # the UI wakes itself for the rest
    batch, more = inbox.take(10)
    assert batch == [*events[3:], PatienceTicked(6, 0, 5)] and not more


def test_the_worker_waits_while_the_backlog_is_full_and_a_stop_ends_the_wait():
    inbox = EventInbox(limit=2)
    for event in ticks(3):
        inbox.put(event)
    stop = threading.Event()
    waiter = threading.Thread(target=inbox.wait_for_room, args=(stop,))
    waiter.start()
    waiter.join(0.05)
    assert waiter.is_alive()  # three waiting, limit two
    inbox.take(1)
    waiter.join(5)
    assert not waiter.is_alive()

    for event in ticks(2):
        inbox.put(event)
    stopper = threading.Timer(0.05, stop.set)
    stopper.start()
    inbox.wait_for_room(stop)  # returns once stopped, though nobody took anything
    assert stop.is_set()
