"""What each CSV column holds, which ones look like a row index, and what the loader then leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.config import DataConfig
from tui.data.columns import INTEGER, NUMBER, TEXT, describe_columns, inferred_features, left_out_note
from tui.data.loading import load_dataset
from tui.data.sources.csv_table import read_table

SHUFFLED_IDS = [7, 3, 9, 1, 5, 2, 8, 4, 6, 10]


def table(tmp_path: Path, header: str, rows: list[str]):
    path = tmp_path / "data.csv"
    path.write_text(header + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    return read_table(path)


def by_name(tmp_path: Path, header: str, rows: list[str]):
    return {column.name: column for column in describe_columns(table(tmp_path, header, rows))}


def test_kinds_number_integer_and_text(tmp_path):
    columns = by_name(tmp_path, "mass,count,island", ["1.5,3,Biscoe", "2.25,4,Dream", ",5,Dream", "3.0,1,"])
    assert (columns["mass"].kind, columns["count"].kind, columns["island"].kind) == (NUMBER, INTEGER, TEXT)
    assert columns["mass"].missing == 1 and columns["island"].missing == 1


@pytest.mark.parametrize("name", ["id", "ID", "rownames", "index", "Unnamed: 0", "row_id"])
def test_index_names_are_index_like_whatever_they_hold(tmp_path, name):
    rows = [f"{v},{v * 0.5},{'ab'[v % 2]}" for v in SHUFFLED_IDS]
    columns = by_name(tmp_path, f"{name},x,label", rows)
    assert columns[name].index_reason and not columns[name].usable
    assert columns["x"].usable


def test_rownames_column_as_r_writes_it(tmp_path):
    rows = [f'"{i}",{(i * 7) % 11},{"ab"[i % 2]}' for i in range(1, 11)]
    columns = by_name(tmp_path, '"rownames",bill,species', rows)
    assert columns["rownames"].index_reason == "row index: its name"


def test_a_consecutive_integer_column_is_index_like_whatever_its_name(tmp_path):
    rows = [f"{i},{(i * 7) % 11}" for i in range(101, 111)]
    columns = by_name(tmp_path, "n,y", rows)
    assert columns["n"].index_reason == "row index: 1, 2, 3, …"
    counting_down = by_name(tmp_path, "n,y", [f"{10 - i},{i * i}" for i in range(10)])
    assert counting_down["n"].index_reason


def test_a_shuffled_id_that_is_not_consecutive_is_a_feature(tmp_path):
    columns = by_name(tmp_path, "subject,y", [f"{v},{v % 2}" for v in SHUFFLED_IDS])
    assert columns["subject"].index_reason == "" and columns["subject"].usable


@pytest.mark.parametrize(
    "values",
    [["1", "2", "", "4"], ["1", "2", "4", "5"], ["1.0", "1.5", "2.0", "2.5"], ["1", "2"]],
    ids=["a blank", "a gap", "fractions", "two rows"],
)
def test_not_a_sequence(tmp_path, values):
    columns = by_name(tmp_path, "n,y", [f"{v},{i % 2}" for i, v in enumerate(values)])
    assert columns["n"].index_reason == ""


def test_an_unnamed_column_is_index_like_only_first(tmp_path):
    rows = [f"{v},{v},{v % 2}" for v in SHUFFLED_IDS]
    columns = by_name(tmp_path, "Unnamed: 0,Unnamed: 1,y", rows)
    assert columns["Unnamed: 0"].index_reason and not columns["Unnamed: 1"].index_reason


def test_inferred_features_leave_out_the_target_text_and_index_with_one_note(tmp_path):
    rows = [f"{i},{'ab'[i % 2]},name{i},{(i * 7) % 11},{i % 3}" for i in range(1, 11)]
    columns = describe_columns(table(tmp_path, "rownames,island,name,bill,species", rows))
    assert inferred_features(columns, "species") == ["island", "bill"]  # few words: one-hot encoded
    note = left_out_note(columns, "species")
    assert "\n" not in note
    assert "rownames (row index: its name)" in note and "name (text with too many values" in note and "data.features" in note
    assert "island" not in note
    assert left_out_note(columns, "island").startswith("Not used as features: rownames")


def test_the_loader_leaves_an_index_out_and_says_so(tmp_path):
    path = tmp_path / "penguins.csv"
    path.write_text("rownames,bill,mass,species\n" + "".join(f"{i},{(i * 7) % 11},{(i * 5) % 13},{'ab'[i % 2]}\n" for i in range(1, 31)))
    dataset = load_dataset(DataConfig(dataset="csv", path=str(path), target="species"), 0)
    assert dataset.feature_names == ["bill", "mass"]
    assert dataset.notes == [
        "Not used as features: rownames (row index: its name); list them in data.features (the column picker) to use them."
    ]
    listed = load_dataset(DataConfig(dataset="csv", path=str(path), target="species", features=["rownames", "bill"]), 0)
    assert listed.feature_names == ["rownames", "bill"] and listed.notes == []
