"""What loading chose for the user (a CSV's index column left out) is printed once, under the start line."""

from __future__ import annotations

import io
import json

from rich.console import Console

from tui.core.config import validate_config
from tui.core.events import RunStarted, event_from_json
from tui.headless.view import HeadlessView
from tui.training.trainer import Trainer


def test_an_index_column_left_out_is_said_headless_and_in_the_json_lines(tmp_path):
    path = tmp_path / "penguins.csv"
    path.write_text("rownames,bill,species\n" + "".join(f"{i},{(i * 7) % 11},{'ab'[i % 2]}\n" for i in range(1, 21)))
    config = validate_config(
        {"data": {"dataset": "csv", "path": str(path), "target": "species"}, "training": {"epochs": 1, "device": "cpu"}}
    )
    out, lines = io.StringIO(), io.StringIO()
    view = HeadlessView(Console(file=out, width=200), jsonl=lines)
    for event in Trainer(config).run():
        view(event)
    printed = out.getvalue().splitlines()
    note = "Not used as features: rownames (row index: its name); list them in data.features (the column picker) to use them."
    assert printed.count(note) == 1 and printed.index(note) == 1  # right under the start line
    start = event_from_json(json.loads(lines.getvalue().splitlines()[0]))
    assert isinstance(start, RunStarted) and start.notes == [note]


def test_an_id_like_target_without_a_validation_split_is_warned_of_headless_and_in_the_json_lines(tmp_path):
    # With a validation split such a target is refused (tests/data/test_csv.py); without one it trains, with a warning.
    path = tmp_path / "customers.csv"
    path.write_text("spend,customer\n" + "".join(f"{(i * 7) % 11},c{i // 2}\n" for i in range(60)))  # 30 classes, 60 rows
    config = validate_config({
        "data": {"dataset": "csv", "path": str(path), "target": "customer", "val_split": 0},
        "training": {"epochs": 1, "device": "cpu"},
    })
    out, lines = io.StringIO(), io.StringIO()
    view = HeadlessView(Console(file=out, width=300), jsonl=lines)
    for event in Trainer(config).run():
        view(event)
    note = ("data.target 'customer': 30 classes for 60 rows: is this an id or name column rather than a label? "
            "A model can only memorise it; pick another data.target")
    assert out.getvalue().splitlines().count(note) == 1
    start = event_from_json(json.loads(lines.getvalue().splitlines()[0]))
    assert isinstance(start, RunStarted) and start.notes == [note]
