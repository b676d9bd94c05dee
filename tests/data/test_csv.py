"""The user's own CSV: what it reads, what it infers, and a clear message for every way a file is bad."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.config import DataConfig, load_config, validate_config
from tui.core.errors import ConfigError, DataError
from tui.data.catalog import dataset_shape
from tui.data.loading import load_dataset, load_raw
from tui.runs.recorder import record
from tui.training.trainer import Trainer

GOOD = "a,b,label\n1,2,x\n2,1,y\n3,3,x\n4,0,y\n5,5,x\n7,1,y\n"  # a is no row number: 1..5, then 7


def write(folder: Path, content: str | bytes, name: str = "data.csv") -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def data(path: Path, target: str = "label", **fields) -> DataConfig:
    return DataConfig(dataset="csv", path=str(path), target=target, **fields)


def numbers(rows: int, start: int = 0) -> str:
    """CSV rows `i,2i,class` with two balanced classes."""
    return "".join(f"{i},{2 * i},{i % 2}\n" for i in range(start, start + rows))


# ---------------------------------------------------------------- every bad file, one message each

BAD_FILES = [
    # (case, file content, config fields, words the message must contain)
    ("empty file", "", {}, ["empty"]),
    ("only blank lines", "\n \n\n", {}, ["empty"]),
    ("header only", "a,b,label\n", {}, ["only a header row", "a, b, label"]),
    ("not utf-8", b"a,b,label\n1,2,x\n3,\xff,y\n", {}, ["not UTF-8", "0xff", "line 3"]),
    ("ragged row", "a,b,label\n1,2,x\n3,y\n4,5,x\n", {}, ["line 3", "2 fields", "header has 3"]),
    ("target missing", GOOD, {"target": "lable"}, ["no column 'lable'", "did you mean 'label'", "columns: a, b, label"]),
    ("feature missing", GOOD, {"features": ["a", "c"]}, ["data.features", "no column 'c'", "columns: a, b, label"]),
    ("feature is target", GOOD, {"features": ["a", "label"]}, ["'label' is the target"]),
    ("empty features", GOOD, {"features": []}, ["data.features", "empty"]),
    ("stray word in a numeric column", "a,b,label\n1,2,x\n2,oops,y\n3,3,x\n4,0,y\n5,5,x\n", {}, ["feature column 'b'", "'oops'", "line 3"]),
    (
        "chosen text feature",
        "name,a,label\nann,1,x\nbob,2,y\ncid,3,x\ndan,4,y\n",
        {"features": ["name", "a"]},
        ["feature column 'name'", "'ann'", "line 2"],
    ),
    ("infinite value", "a,b,label\n1,2,x\n2,inf,y\n3,3,x\n4,0,y\n", {}, ["'b'", "'inf'", "line 3", "finite"]),
    ("no numeric feature", "name,label\nann,x\nbob,y\n", {}, ["no numeric feature columns", "name, label"]),
    (
        "blank and NaN cells",
        "a,b,label\n1,2,x\n2,,y\n3,NaN,x\n,1,y\n5,5,x\n6,6,y\n",
        {},
        ["3 rows", "a: 1", "b: 2", "line 3", "drop_missing"],
    ),
    ("every row missing", "a,b,label\n1,,x\n,1,y\n", {"drop_missing": True}, ["0 rows left"]),
    ("single class", "a,b,label\n1,2,x\n2,1,x\n3,3,x\n", {}, ["single class 'x'", "at least 2 classes"]),
    ("class too small", "a,b,label\n1,2,x\n2,1,y\n3,3,x\n4,0,y\n5,5,z\n", {}, ["class 'z'", "only 1 example", "line 6", "val_split = 0"]),
    ("regression on words", GOOD, {"task": "regression"}, ["regression", "target column 'label'", "'x'", "line 2"]),
    (
        "stray word in a numeric target",
        "a,label\n" + "".join(f"{2 * i},{i * 1.5}\n" for i in range(8)) + "8,n.a.\n",
        {},
        ["'n.a.'", "line 10", "data.task"],
    ),
    ("duplicate column", "a,a,label\n1,2,x\n", {}, ["'a' appears twice"]),
    ("unnamed column", "a,,label\n1,2,x\n", {}, ["column 2 has no name"]),
    ("NUL byte", "a,b,label\n1,2,x\n3,\x00,y\n", {}, ["line 3", "NUL byte", "UTF-8"]),
    ("UTF-16 file", "a,b,label\n1,2,x\n".encode("utf-16"), {}, ["line 1", "NUL byte"]),
]


@pytest.mark.parametrize("case, content, fields, words", BAD_FILES, ids=[case for case, *_ in BAD_FILES])
def test_bad_csv_is_refused_with_a_clear_message(tmp_path, case, content, fields, words):
    path = write(tmp_path, content)
    config = data(path, **{"target": "label", **fields})
    with pytest.raises(DataError) as caught:
        load_dataset(config, seed=0)
    message = str(caught.value)
    for word in words:
        assert word in message, f"{case}: {word!r} not in {message!r}"
    assert "\n" not in message  # one line for the CLI


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_dataset(data(tmp_path / "nope.csv"), 0)
    with pytest.raises(DataError, match="is a folder"):
        load_dataset(data(tmp_path), 0)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_device_is_refused_instead_of_read_until_memory_runs_out():
    with pytest.raises(DataError, match="data.path: /dev/zero is a device or socket, not a CSV file"):
        load_dataset(data(Path("/dev/zero"), target="y"), 0)


def test_a_named_pipe_is_read_to_its_end(tmp_path):
    import os
    import threading

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    rows = "a,b,y\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(40))
    # daemon and a bounded join: a reader that never opens the pipe leaves the writer blocked, not pytest
    writer = threading.Thread(target=lambda: fifo.write_text(rows, encoding="utf-8"), daemon=True)
    writer.start()
    raw = load_dataset(data(fifo, target="y"), 0)
    writer.join(timeout=10)
    assert not writer.is_alive(), "the writer is still blocked: the pipe was not read to its end"
    assert len(raw.x_train) + len(raw.x_val) == 40


# ---------------------------------------------------------------- what a good file becomes


def test_string_labels_are_encoded_and_named(tmp_path):
    raw = load_raw(data(write(tmp_path, GOOD)), 0)
    assert raw.task == "classification"
    assert raw.class_names == ["x", "y"]
    assert raw.y.tolist() == [0, 1, 0, 1, 0, 1]
    assert raw.feature_names == ["a", "b"]
    assert raw.x[:, 0].tolist() == [1, 2, 3, 4, 5, 7]


def test_few_valued_text_columns_are_one_hot_encoded_and_many_valued_ones_left_out(tmp_path):
    content = "id,city,a,b,label\n" + "".join(f"r{i},c{i % 3},{3 * i},{i * i},{'xy'[i % 2]}\n" for i in range(8))
    raw = load_raw(data(write(tmp_path, content)), 0)
    assert raw.feature_names == ["city", "a", "b"]  # 'id' has a value per row: nothing to learn from it
    dataset = load_dataset(data(write(tmp_path, content), standardize=False, val_split=0), 0)
    assert dataset.feature_names == ["city=c0", "city=c1", "city=c2", "a", "b"]
    one_hot = dataset.x_train[:, :3]
    assert one_hot.sum(axis=1).tolist() == [1.0] * 8 and one_hot.sum(axis=0).tolist() == [3.0, 3.0, 2.0]


def test_explicit_features_keep_their_order(tmp_path):
    raw = load_raw(data(write(tmp_path, GOOD), features=["b", "a"]), 0)
    assert raw.feature_names == ["b", "a"] and raw.x[0].tolist() == [2, 1]


@pytest.mark.parametrize(
    "targets, task, classes",
    [
        (["3", "1", "2", "1", "3", "2", "10", "10"], "classification", ["1", "2", "3", "10"]),  # few whole numbers, numeric order
        (["0.5", "1.5", "2.25", "0.5", "1.5", "2.25"], "regression", None),  # fractions
        ([str(i) for i in range(40)], "regression", None),  # many distinct whole numbers
        (["2", "3", "4", "5"], "regression", None),  # as many values as rows: not classes
        (["cat", "dog", "cat", "dog"], "classification", ["cat", "dog"]),
        (["1", "2", "low", "high", "low", "high"], "classification", ["1", "2", "high", "low"]),  # words win a tie
    ],
)
def test_task_is_inferred_from_the_target(tmp_path, targets, task, classes):
    content = "f,t\n" + "".join(f"{i * i},{t}\n" for i, t in enumerate(targets))
    raw = load_raw(data(write(tmp_path, content), target="t", val_split=0.0), 0)
    assert raw.task == task
    assert raw.class_names == classes


def test_explicit_task_overrides_inference(tmp_path):
    content = "f,t\n" + "".join(f"{i * i},{i % 3}\n" for i in range(12))
    raw = load_raw(data(write(tmp_path, content), target="t", task="regression"), 0)
    assert raw.task == "regression" and raw.y.dtype == np.float64


def test_drop_missing_drops_only_rows_with_a_gap_in_used_columns(tmp_path):
    content = "note,a,b,label\n,1,2,x\nok,2,,y\nok,3,3,x\nok,?,0,y\nok,5,5,x\nok,6,1,y\n"
    raw = load_raw(data(write(tmp_path, content), drop_missing=True, val_split=0.0), 0)
    assert raw.x[:, 0].tolist() == [1, 3, 5, 6]  # 'note' is not used, so its blank does not count


def test_formats_people_save(tmp_path):
    semicolons = "\ufeffa;b;label\r\n1;2;x\r\n3;1;y\r\n2;3;x\r\n4;0;y\r\n"  # BOM, CRLF, ';' from a spreadsheet
    raw = load_raw(data(write(tmp_path, semicolons), val_split=0.0), 0)
    assert raw.feature_names == ["a", "b"] and raw.class_names == ["x", "y"]
    quoted = 'a,b,label\n1,2,"New York, NY"\n3,1,Paris\n2,3,"New York, NY"\n4,0,Paris\n'
    raw = load_raw(data(write(tmp_path, quoted, "quoted.csv"), val_split=0.0), 0)
    assert raw.class_names == ["New York, NY", "Paris"]


@pytest.mark.parametrize("seed", [0, 4, 7])
def test_split_is_stratified_and_standardized_on_training_rows(tmp_path, seed):
    # Seeds 4 and 7 give a plain (unstratified) random split 2/8 and 8/2: only a per-class split gives 5/5 each time.
    content = "a,b,label\n" + numbers(40)
    dataset = load_dataset(data(write(tmp_path, content), val_split=0.25), seed)
    assert np.bincount(dataset.y_val).tolist() == [5, 5]
    assert np.allclose(dataset.x_train.mean(axis=0), 0, atol=1e-6)


# ---------------------------------------------------------------- presets, catalog, loss fit, CLI


def test_relative_path_resolves_against_the_preset_folder(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    folder.mkdir()
    write(folder, "a,b,label\n" + numbers(20), "mine.csv")
    (folder / "mine.toml").write_text(
        'name = "mine"\n[data]\ndataset = "csv"\npath = "mine.csv"\ntarget = "label"\n[training]\nepochs = 2\ndevice = "cpu"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # somewhere else
    config = load_config(folder / "mine.toml")
    assert Path(config.data.path) == (folder / "mine.csv").resolve()
    assert load_dataset(config.data, 0).n_classes == 2


def test_catalog_shape_matches_the_loaded_data(tmp_path):
    content = "id,a,b,label\n" + "".join(f"r{i},{i},{i % 5},{'xyz'[i % 3]}\n" for i in range(30)) + "r30,,1,x\n"
    config = data(write(tmp_path, content), drop_missing=True)
    shape = dataset_shape(config, 0)
    dataset = load_dataset(config, 0)
    assert shape[:4] == (len(dataset.x_train) + len(dataset.x_val), dataset.n_features, dataset.n_classes, dataset.task)
    assert shape[:4] == (30, 2, 3, "classification")


def test_catalog_reports_csv_problems_before_training(tmp_path):
    with pytest.raises(DataError, match="no column 'label'"):
        dataset_shape(data(write(tmp_path, "a,b\n1,2\n")), 0)
    stray = "a,b,label\n" + numbers(8) + "9,oops,1\n"
    with pytest.raises(DataError, match="feature column 'b' has 'oops' at line 10"):
        dataset_shape(data(write(tmp_path, stray, "stray.csv")), 0)


def run_config(path: Path, **training) -> dict:
    return {
        "name": "csv",
        "data": {"dataset": "csv", "path": str(path), "target": "label"},
        "model": {"hidden": [4]},
        "training": {"epochs": 1, "device": "cpu", **training},
    }


def test_run_saves_the_class_label_mapping(tmp_path):
    import json

    content = "a,b,label\n" + "".join(f"{i},{i % 4},{['low', 'mid', 'high'][i % 3]}\n" for i in range(30))
    config = validate_config(run_config(write(tmp_path, content)))
    run_dir = tmp_path / "run"
    list(record(Trainer(config), run_dir))
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["class_names"] == ["high", "low", "mid"]  # class index i is the label class_names[i]


def test_loss_that_does_not_fit_the_csv_target_is_named(tmp_path):
    content = "a,label\n" + "".join(f"{i * i},{i * 0.37:.2f}\n" for i in range(30))
    config = validate_config(run_config(write(tmp_path, content), loss="cross_entropy"))
    with pytest.raises(ConfigError) as caught:
        next(iter(Trainer(config).run()))
    message = str(caught.value)
    assert "training.loss" in message and "regression" in message and "mse" in message


def test_binary_loss_on_three_csv_classes_is_refused(tmp_path):
    content = "a,label\n" + "".join(f"{i * i},{'xyz'[i % 3]}\n" for i in range(30))
    config = validate_config(run_config(write(tmp_path, content), loss="bce"))
    with pytest.raises(ConfigError, match="3 classes; use cross_entropy"):
        next(iter(Trainer(config).run()))


def test_cli_reports_a_bad_csv_in_one_line_with_exit_code_2(tmp_path):
    csv_path = write(tmp_path, "a,b,label\n1,2,x\n3,y\n")
    preset = tmp_path / "bad.toml"
    preset.write_text(f'name = "bad"\n[data]\ndataset = "csv"\npath = "{csv_path.name}"\ntarget = "label"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "train", str(preset), "--no-save", "--quiet"],
        check=False, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "line 3 has 2 fields" in result.stderr


# ---------------------------------------------------------------- any file at all


CELLS = st.sampled_from(["1", "2.5", "-3", "", "NaN", "x", "y", "inf", "1e3", '"a,b"', "é", " 4 "])
ROWS = st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=0, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(["a", "b", "label", "", "c"]), min_size=1, max_size=4), rows=ROWS, drop=st.booleans())
def test_any_table_loads_or_gives_a_data_error(tmp_path, header, rows, drop):
    text = ",".join(header) + "\n" + "".join(",".join(row) + "\n" for row in rows)
    config = data(write(tmp_path, text), drop_missing=drop)
    try:
        dataset = load_dataset(config, 0)
    except DataError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert np.isfinite(dataset.x_train).all() and len(dataset.x_train) > 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200))
def test_any_bytes_load_or_give_a_data_error(tmp_path, content):
    path = write(tmp_path, b"a,label\n" + content)
    try:
        load_dataset(data(path), 0)
    except DataError:
        pass


# ---------------------------------------------------------------- the reader: pyarrow, its fallback, Parquet


def test_a_parquet_file_loads_as_its_csv_does(tmp_path):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    content = "city,a,b,label\n" + "".join(f"c{i % 3},{3 * i},{i * i},{'xy'[i % 2]}\n" for i in range(12))
    csv_path = write(tmp_path, content)
    pq.write_table(pacsv.read_csv(csv_path), tmp_path / "data.parquet")
    from_csv = load_dataset(data(csv_path), 0)
    from_parquet = load_dataset(data(tmp_path / "data.parquet"), 0)
    assert from_parquet.feature_names == from_csv.feature_names == ["city=c0", "city=c1", "city=c2", "a", "b"]
    assert np.array_equal(from_parquet.x_train, from_csv.x_train) and from_parquet.class_names == ["x", "y"]


def test_lines_pyarrow_refuses_are_read_by_the_csv_module_and_dates_stay_text(tmp_path):
    # A line of spaces and a quoted line break: pyarrow's fast reader refuses both; the file is still fine.
    content = 'when,note,a,label\n2024-01-01,"two\nlines",1,x\n   \n2024-01-02,plain,2,y\n2024-01-01,plain,3,x\n2024-01-02,plain,4,y\n'
    raw = load_raw(data(write(tmp_path, content), val_split=0, features=["when", "a"]), 0)
    assert raw.text["when"].tolist() == ["2024-01-01", "2024-01-02", "2024-01-01", "2024-01-02"]
    assert raw.x[:, 0].tolist() == [1, 2, 3, 4]
    raw = load_raw(data(write(tmp_path, content.replace('"two\nlines"', "one")), val_split=0, features=["when", "a"]), 0)
    assert raw.text["when"].tolist() == ["2024-01-01", "2024-01-02", "2024-01-01", "2024-01-02"]  # dates, not timestamps


def test_a_target_with_a_class_per_row_is_named_as_a_likely_id_column(tmp_path):
    content = "a,name\n" + "".join(f"{3 * i},person{i}\n" for i in range(40))
    with pytest.raises(DataError, match="40 classes for 40 rows: is this an id or name column"):
        load_dataset(data(write(tmp_path, content), target="name"), 0)


@pytest.mark.parametrize(("classes", "rows", "warned"), [(20, 40, True), (19, 38, False), (20, 41, False), (40, 40, True)])
def test_a_target_with_about_a_class_per_two_rows_is_warned_of_without_a_validation_split(tmp_path, classes, rows, warned):
    content = "a,name\n" + "".join(f"{3 * i},person{i % classes}\n" for i in range(rows))
    notes = load_dataset(data(write(tmp_path, content), target="name", val_split=0), 0).notes
    assert [note for note in notes if "is this an id or name column" in note] == (
        [f"data.target 'name': {classes} classes for {rows} rows: is this an id or name column rather than a label? "
         "A model can only memorise it; pick another data.target"] if warned else []
    )
