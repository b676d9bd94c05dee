"""Form text → config dict → the engine's verdict, without a screen."""

from __future__ import annotations

import pytest

from tests.app.helpers import form_values
from tui.app.form_fields import FIELDS_BY_KEY, errors_by_field, form_to_raw, parse_list, parse_number
from tui.core.config import RunConfig, config_to_dict, validate_config
from tui.core.errors import ConfigError, DataError, Problem
from tui.core.keys import model_keys


@pytest.mark.parametrize("text, value", [("3", 3), ("-2", -2), ("0.1", 0.1), ("1e-3", 0.001), (" full ", "full"), ("abc", "abc"), ("", "")])
def test_numbers_are_parsed_and_other_text_is_left_for_the_engine(text, value):
    assert parse_number(text) == value


def test_every_field_is_a_config_key():
    assert set(FIELDS_BY_KEY) <= set(model_keys(RunConfig))


def test_hidden_sizes_accept_commas_spaces_and_brackets():
    assert parse_list("8, 9") == [8, 9]
    assert parse_list("[64 64]") == [64, 64]
    assert parse_list("") == []
    assert parse_list("8, x") == [8, "x"]


def test_a_config_round_trips_through_the_form(iris_config):
    raw = config_to_dict(iris_config)
    assert validate_config(form_to_raw(raw, form_values(raw))) == iris_config


def test_form_values_override_the_loaded_config_and_keep_what_the_form_lacks(iris_config):
    raw = config_to_dict(iris_config)
    values = form_values(raw) | {"training.lr": "0.5", "model.hidden": "16", "training.batch_size": "full"}
    config = validate_config(form_to_raw(raw, values))
    assert (config.training.lr, config.model.hidden, config.training.batch_size) == (0.5, [16], "full")
    assert config.description == iris_config.description


def test_csv_fields_only_count_for_a_csv_dataset(iris_config):
    raw = config_to_dict(iris_config)
    values = form_values(raw) | {"data.path": "x.csv", "data.target": "y"}
    assert "path" not in form_to_raw(raw, values)["data"]
    values["data.dataset"] = "csv"
    assert form_to_raw(raw, values)["data"]["path"] == "x.csv"


def test_explicit_initial_weights_are_dropped_when_the_layer_sizes_change():
    raw = {"model": {"hidden": [2], "init": [{"weight": [[1.0]], "bias": [0.0]}]}}
    assert "init" in form_to_raw(raw, {"model.hidden": "2"})["model"]
    assert "init" not in form_to_raw(raw, {"model.hidden": "3"})["model"]


def engine_errors(raw, values):
    with pytest.raises(ConfigError) as caught:
        validate_config(form_to_raw(raw, values))
    return errors_by_field(caught.value.problems, values)


def test_each_engine_message_lands_beside_its_field(iris_config):
    raw = config_to_dict(iris_config)
    values = form_values(raw) | {"training.lr": "abc", "model.hidden": "8, x", "data.val_split": "1.5"}
    by_field, general = engine_errors(raw, values)
    assert set(by_field) == {"training.lr", "model.hidden", "data.val_split"}
    assert "must be a number" in by_field["training.lr"] and "'abc'" in by_field["training.lr"]
    assert general == []


def test_a_whole_section_problem_goes_to_the_field_that_fixes_it(iris_config):
    raw = config_to_dict(iris_config)
    values = form_values(raw) | {"data.dataset": "csv", "data.path": "", "data.target": ""}
    by_field, _ = engine_errors(raw, values)
    assert "needs both 'path'" in by_field["data.path"]


def test_a_loss_that_does_not_fit_the_task_is_marked_on_the_loss(iris_config):
    raw = config_to_dict(iris_config)
    by_field, _ = engine_errors(raw, form_values(raw) | {"training.loss": "mse"})
    assert "regression loss" in by_field["training.loss"]


def test_a_data_problem_is_marked_on_its_field_and_a_problem_without_a_key_is_general(iris_config):
    values = form_values(config_to_dict(iris_config)) | {"data.dataset": "csv"}
    error = DataError.about("data.path", "no such file: x.csv")
    assert errors_by_field(error.problems, values) == ({"data.path": "no such file: x.csv"}, [])
    problems = [Problem("", "x.csv: line 3: not valid CSV"), Problem("config", "Input should be a valid dictionary")]
    assert errors_by_field(problems, values) == (
        {}, ["x.csv: line 3: not valid CSV", "config: Input should be a valid dictionary"]
    )


def test_the_task_field_auto_leaves_the_task_out_and_only_csv_and_inline_keep_one():
    raw = {"data": {"dataset": "csv", "path": "x.csv", "target": "y", "task": "regression"}}
    values = {"data.dataset": "csv", "data.task": "auto"}
    assert "task" not in form_to_raw(raw, values)["data"]
    assert form_to_raw(raw, values | {"data.task": "classification"})["data"]["task"] == "classification"
    iris = form_to_raw(raw, {"data.dataset": "iris", "data.task": "classification"})["data"]
    assert "task" not in iris and "path" not in iris and "features" not in iris


def test_the_loss_list_follows_the_task():
    from tui.app.form_fields import known_task, loss_options

    assert loss_options("regression", "mse") == ("mse", "mae", "half_sse", "huber")
    assert loss_options("regression", "cross_entropy")[-1] == "cross_entropy"  # kept, to be marked
    assert loss_options(None, "mse") == FIELDS_BY_KEY["training.loss"].options
    assert known_task({"data.dataset": "diabetes", "data.task": "classification"}) == "regression"
    assert known_task({"data.dataset": "csv", "data.task": "auto"}, inferred="classification") == "classification"
    assert known_task({"data.dataset": "csv", "data.task": "regression"}, inferred="classification") == "regression"


@pytest.mark.parametrize(
    "values, name",
    [
        ({"data.dataset": "csv", "data.path": "data/Palmer penguins.csv"}, "Palmer-penguins"),
        ({"data.dataset": "csv", "data.path": "~/.hidden.csv"}, "hidden"),
        ({"data.dataset": "moons", "data.path": "x.csv"}, "moons"),
        ({"data.dataset": "csv", "data.path": ""}, "run"),
    ],
)
def test_a_run_named_after_its_data(values, name):
    from tui.app.form_fields import data_name
    from tui.core.config import NAME_PATTERN

    assert data_name(values) == name and NAME_PATTERN.match(name)
