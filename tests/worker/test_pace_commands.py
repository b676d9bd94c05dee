"""The pace, single steps and one epoch over the pipe: the command lines, the child applying them, and a real
training process stepping once per command."""

from __future__ import annotations

import io
import threading

import pytest

from tests.worker.test_training_process import _no_child_left_behind, long_run  # noqa: F401  (the fixture kills strays)
from tui.core.events import EpochEnded, Paused, Progress
from tui.core.run_commands import decode_pace, encode_pace
from tui.training.pace import SINGLE, Pace
from tui.worker import child as train_process
from tui.worker.control import ControlFlag
from tui.worker.pace_control import PaceControl
from tui.worker.parent import ProcessEvents
from tui.worker.protocol import Request, decode_request, encode_request


def test_a_pace_is_one_line_and_reads_back():
    assert encode_pace(30.0) == "pace 30" and encode_pace(None) == "pace full" and encode_pace(0.5) == "pace 0.5"
    for pace in (30.0, None, 0.5):
        change = decode_pace(encode_pace(pace))
        assert change is not None and change.steps_per_second == pace
    assert decode_pace("pause") is None and decode_pace("pace fast") is None and decode_pace("pace -3") is None


def test_a_run_request_carries_its_pace_from_the_first_step(iris_config):
    assert decode_request(encode_request(Request("train", iris_config, None, pace=10.0))).pace == 10.0
    assert decode_request(encode_request(Request("train", iris_config, None))).pace is None


def test_the_child_applies_pace_step_and_epoch_commands():
    stop, pause, pace = threading.Event(), threading.Event(), Pace()
    train_process.follow_commands(io.StringIO("pace 10\npause\nstep\npace full\n"), stop, pause, pace)
    assert pace.steps_per_second is None and not pace.limited
    assert pace.next_move(True, 0.0) == SINGLE, "the step command asked for one single step"
    train_process.follow_commands(io.StringIO("pace 3\nepoch\n"), stop, pause, pace)
    assert pace.steps_per_second == 3.0 and pace._epochs_asked == 1


@pytest.mark.timeout(300)
def test_single_steps_and_one_epoch_reach_a_training_process(iris_config, tmp_path):
    """Paused in a real child, each step command moves the global step by exactly one (a Progress shows it);
    the epoch command trains to the epoch's end, where the next single step starts."""
    stop, pause = ControlFlag(), PaceControl(steps_per_second=100.0)
    single: list[int] = []
    epoch_end = None
    for event in ProcessEvents()(long_run(iris_config), None, stop, pause):
        if isinstance(event, EpochEnded) and event.epoch == 1:
            pause.set()
        elif isinstance(event, Paused) and event.paused:
            pause.step_once()
        elif isinstance(event, Progress) and event.single_step:
            single.append(event.global_step)
            if len(single) < 3:
                pause.step_once()
            elif len(single) == 3:
                pause.epoch_once()
            else:
                stop.set()
        elif isinstance(event, EpochEnded) and len(single) == 3:
            epoch_end = event
            pause.step_once()
    first = single[0]
    assert single[:3] == [first, first + 1, first + 2]
    assert epoch_end is not None and single[3] == epoch_end.global_step + 1, "paused again at the epoch's end"
