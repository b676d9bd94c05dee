"""The pace of the step loop (tui.training.pace) on a clock the test moves, and the Trainer under it:
single steps and one epoch while paused, a pace change that reaches a waiting loop."""

from __future__ import annotations

import threading

import pytest

from tests.factories import tiny_config
from tui.core.events import EpochEnded, Paused, Progress
from tui.core.paces import LADDER, faster, pace_text, parse_pace, slower
from tui.training.pace import GO, HOLD, SINGLE, Pace
from tui.training.trainer import Trainer


def test_full_speed_never_gates_a_step():
    pace = Pace()
    assert not pace.gated and not pace.limited


def test_ten_steps_a_second_lets_a_step_go_every_tenth_of_a_second():
    pace = Pace(10)
    assert pace.gated
    assert pace.next_move(False, 100.0) == GO
    assert pace.next_move(False, 100.01).wait == pytest.approx(0.09)
    assert pace.next_move(False, 100.1) == GO
    assert pace.next_move(False, 100.15).wait == pytest.approx(0.05)


def test_a_loop_that_falls_behind_does_not_race_to_catch_up():
    pace = Pace(10)
    assert pace.next_move(False, 0.0) == GO
    assert pace.next_move(False, 5.0) == GO  # five seconds late (a slow step)
    assert pace.next_move(False, 5.01).wait == pytest.approx(0.09), "the next step waits its interval, no burst"


def test_a_new_pace_applies_from_the_next_step():
    pace = Pace(1)
    assert pace.next_move(False, 0.0) == GO
    assert pace.next_move(False, 0.1).wait == pytest.approx(0.9)
    pace.set(None)
    assert not pace.gated
    assert pace.next_move(False, 0.1) == GO


def test_paused_the_loop_holds_until_a_single_step_is_asked_for():
    pace = Pace()
    assert pace.next_move(True, 0.0) == HOLD
    pace.step_once()
    pace.step_once()
    assert pace.next_move(True, 0.0) == SINGLE and pace.single_step
    assert pace.next_move(True, 0.0) == SINGLE
    assert pace.next_move(True, 0.0) == HOLD and not pace.single_step


def test_one_epoch_runs_to_the_epoch_end_at_the_pace_then_holds():
    pace = Pace(10)
    pace.epoch_once()
    assert pace.next_move(True, 0.0) == GO
    assert pace.next_move(True, 0.05).wait == pytest.approx(0.05)  # the pace still applies
    assert pace.next_move(True, 0.1) == GO
    pace.epoch_ended()
    assert pace.next_move(True, 0.2) == HOLD


def test_steps_asked_for_during_a_pause_that_ended_are_dropped():
    pace = Pace()
    pace.step_once()
    assert pace.next_move(False, 0.0) == GO
    assert pace.next_move(True, 0.0) == HOLD


def test_the_keys_walk_the_ladder_and_a_preset_pace_joins_it():
    assert [slower(p) for p in LADDER] == [300, 100, 30, 10, 3, 1, 1]
    assert [faster(p) for p in LADDER] == [None, None, 300, 100, 30, 10, 3]
    assert slower(50) == 30 and faster(50) == 100 and faster(0.5) == 1
    assert pace_text(None) == "full speed" and pace_text(1) == "1 step/s" and pace_text(30) == "30 steps/s"
    assert parse_pace("full") is None and parse_pace("0.5") == 0.5
    with pytest.raises(ValueError, match="steps per second"):
        parse_pace("0")


def test_single_steps_while_paused_take_one_optimizer_step_each_and_report_it():
    """Paused at the start of epoch 2, each step asked for moves the global step by exactly one, with a Progress."""
    trainer = Trainer(tiny_config(epochs=3, batch_size=30), progress_interval=60.0)  # 3 steps an epoch
    stepped_to: list[int] = []
    seen: list = []
    for event in trainer.run():
        seen.append(event)
        if isinstance(event, EpochEnded) and event.epoch == 1:
            trainer.pause.set()
        if isinstance(event, Paused) and event.paused:
            paused_at = trainer.global_step
            trainer.pace.step_once()
        if isinstance(event, Progress) and event.single_step:
            stepped_to.append(event.global_step)
            if len(stepped_to) < 4:
                trainer.pace.step_once()
            else:
                trainer.stop.set()
    assert stepped_to == [paused_at + 1, paused_at + 2, paused_at + 3, paused_at + 4]
    assert [e.epoch for e in seen if isinstance(e, EpochEnded)] == [0, 1, 2], "the third single step ended epoch 2"
    assert seen[-1].reason == "stopped"


def test_one_epoch_while_paused_trains_to_its_end_and_pauses_again():
    """Paused after epoch 1, one epoch asked for runs epoch 2's three steps; then a single step is step 7, not 10."""
    trainer = Trainer(tiny_config(epochs=5, batch_size=30), progress_interval=60.0)
    ended: list[int] = []
    for event in trainer.run():
        if isinstance(event, EpochEnded):
            ended.append(event.epoch)
            if event.epoch == 1:
                trainer.pause.set()
            if event.epoch == 2:
                trainer.pace.step_once()  # answered only once the loop holds again
        if isinstance(event, Paused) and event.paused:
            trainer.pace.epoch_once()
        if isinstance(event, Progress) and event.single_step:
            single_at = event.global_step
            trainer.stop.set()
    assert ended == [0, 1, 2]  # epoch 0: the untrained model's scores, before any step
    assert single_at == 7


def test_a_pace_change_reaches_a_loop_waiting_at_a_slow_pace():
    """At one step a second the loop would wait ~1 s per step; full speed asked for mid-wait ends the run's waits."""
    trainer = Trainer(tiny_config(epochs=2, batch_size=30), pace=Pace(0.001), progress_interval=60.0)
    events = trainer.run()
    assert next(events).kind == "start"
    threading.Timer(0.05, trainer.pace.set, args=(None,)).start()
    assert list(events)[-1].reason == "completed"
    assert trainer.global_step == 6
