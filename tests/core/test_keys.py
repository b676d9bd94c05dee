"""Dotted config keys: one module reads, writes, flattens and compares nested tables by key."""

from __future__ import annotations

import pytest

from tui.core.config import RunConfig
from tui.core.keys import (
    NotASection,
    changed_keys,
    drop_key,
    flatten,
    get_key,
    join_key,
    key_and_sections,
    key_name,
    model_keys,
    set_key,
    split_key,
    with_key,
)


def test_keys_split_and_join():
    assert split_key("training.lr") == ["training", "lr"]
    assert join_key("model", "hidden", 1) == "model.hidden.1"
    assert key_name("training.lr") == "lr" and key_name("seed") == "seed"
    assert key_and_sections("model.hidden.1") == ["model.hidden.1", "model.hidden", "model"]


def test_get_set_and_drop_in_a_nested_table():
    table = {"training": {"lr": 0.1}, "seed": 1}
    assert get_key(table, "training.lr") == 0.1
    assert get_key(table, "training.epochs") is None and get_key(table, "seed.x") is None
    set_key(table, "model.hidden", [8])
    assert table["model"] == {"hidden": [8]}
    drop_key(table, "training.lr")
    drop_key(table, "data.path")  # absent: nothing to do
    assert table == {"training": {}, "seed": 1, "model": {"hidden": [8]}}
    with pytest.raises(NotASection, match="'seed' is a value, not a section"):
        set_key(table, "seed.x", 1)


def test_with_key_leaves_the_original_untouched():
    table = {"training": {"lr": 0.1, "epochs": 5}}
    changed = with_key(table, "training.lr", 0.5)
    assert changed == {"training": {"lr": 0.5, "epochs": 5}}
    assert table == {"training": {"lr": 0.1, "epochs": 5}}
    assert with_key({}, "seed", 3) == {"seed": 3}


def test_nested_tables_and_dotted_names_flatten_alike():
    assert flatten({"training": {"lr": [0.1]}}) == flatten({"training.lr": [0.1]}) == {"training.lr": [0.1]}
    assert flatten({"model": {"hidden": [8, 8]}, "seed": 1}) == {"model.hidden": [8, 8], "seed": 1}


def test_changed_keys_name_every_difference():
    old = {"training": {"lr": 0.1, "epochs": 5}, "seed": 1}
    new = {"training": {"lr": 0.2, "epochs": 5}, "seed": 1, "model": {"hidden": [4]}}
    assert changed_keys(old, new) == ["model", "training.lr"]
    assert changed_keys(old, old) == []


def test_the_config_lists_its_keys():
    keys = model_keys(RunConfig)
    assert {"name", "seed", "training.lr", "data.dataset", "early_stopping.monitor"} <= set(keys)
    assert "training" not in keys and "data" not in keys  # sections are not values
