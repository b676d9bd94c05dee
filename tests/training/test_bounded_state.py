"""Memory stays flat over a long run: besides the two per-epoch loss lists (the history the curve diagnosis
and a resume need), nothing the engine or the headless view keeps grows with the number of epochs."""

from __future__ import annotations

import io
from typing import Any

import torch
from rich.console import Console

from tests.factories import tiny_config
from tui.headless.view import HeadlessView
from tui.runs.recorder import Recorder
from tui.training.trainer import Trainer

GROWS_BY_DESIGN = {"trainer.history_train", "trainer.history_val", "snapshot.history_train", "snapshot.history_val"}


def size(value: Any) -> int | None:
    if isinstance(value, torch.Tensor):
        return value.numel()
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, (list, tuple, dict, set)):
        items = value.values() if isinstance(value, dict) else value
        return len(value) + sum(size(v) or 0 for v in items)  # nested containers count too
    return None


def sizes_after(epochs: int, tmp_path) -> dict[str, int]:
    trainer = Trainer(tiny_config(epochs=epochs, batch_size="full"), progress_interval=0.0)
    recorder = Recorder(trainer, tmp_path / f"run{epochs}")
    view = HeadlessView(Console(file=io.StringIO(), width=100), jsonl=io.StringIO(), human=True)
    for event in recorder.events():
        view(event)
        view.jsonl.seek(0), view.jsonl.truncate()  # the JSON lines go out of the process; not state we keep
    holders = {"trainer": vars(trainer), "stopper": vars(trainer.stopper), "diagnosis": vars(trainer.diagnosis),
               "recorder": {k: v for k, v in vars(recorder).items() if k != "snapshot"},  # the snapshot: key by key
               "snapshot": recorder.snapshot, "store": vars(recorder.store), "view": vars(view)}
    found = {}
    for holder, fields in holders.items():
        for name, value in fields.items():
            measured = size(value)
            if measured is not None:
                found[f"{holder}.{name}"] = measured
    return found


def test_only_the_two_loss_lists_grow_with_the_epochs(tmp_path):
    short, long = sizes_after(10, tmp_path), sizes_after(150, tmp_path)
    assert set(short) == set(long)
    grew = {name for name in long if long[name] > short[name]}
    assert grew == GROWS_BY_DESIGN, grew - GROWS_BY_DESIGN
    assert long["trainer.history_train"] == 150
