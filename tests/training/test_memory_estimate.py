"""A model or CSV file too large for the memory available is refused with one line naming the sizes, before
anything is allocated, instead of the process being killed by the kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

import tui.data.sources.csv_table as csv_table
import tui.training.memory_check as memory_check
import tui.training.trainer as trainer_module
from tests.cli.helpers import assert_one_clear_line, run_cli
from tests.factories import tiny_config, with_changes
from tui.core.errors import ConfigError, DataError
from tui.core.memory import available_memory, size_text
from tui.data.sources.csv_table import read_table
from tui.training.trainer import Trainer

GIGABYTE = 1_000_000_000


def never_allocate(*args, **kwargs):
    raise AssertionError("the model was allocated")


def test_a_network_larger_than_the_memory_left_is_refused_before_it_is_built(monkeypatch):
    monkeypatch.setattr(memory_check, "available_memory", lambda: GIGABYTE)
    monkeypatch.setattr(trainer_module, "build_model", never_allocate)
    config = with_changes(tiny_config(epochs=1), model={"hidden": [45000, 45000]})
    with pytest.raises(ConfigError, match=r"model.hidden: a network of 2,025,\d{3},\d{3} parameters needs about [\d.]+ GB .* "
                                          r"but 1\.0 GB of memory is available; use smaller hidden layers"):
        list(Trainer(config).run())


def test_the_cli_says_so_in_one_line(monkeypatch, capsys):
    monkeypatch.setattr(memory_check, "available_memory", lambda: GIGABYTE)
    monkeypatch.setattr(trainer_module, "build_model", never_allocate)
    code, err = run_cli(capsys, "train", "moons", "--set", "model.hidden=[45000, 45000]", "--no-save", "--quiet")
    assert_one_clear_line(code, err, "model.hidden", "of memory is available")


def test_the_estimate_counts_weights_gradients_optimizer_state_best_copy_and_activations():
    adam = tiny_config(epochs=1, optimizer="adam")
    sgd = tiny_config(epochs=1, optimizer="sgd", momentum=0.0)
    hidden = sum(adam.model.hidden)
    activations = 2 * 100 * (2 + hidden + 2) * 4
    assert memory_check.training_memory(adam, 1000, 2, 2, 32, 100) == 5 * 1000 * 4 + activations
    assert memory_check.training_memory(sgd, 1000, 2, 2, 32, 100) == 3 * 1000 * 4 + activations


def test_a_small_network_trains_when_memory_is_tight_but_enough(monkeypatch):
    monkeypatch.setattr(memory_check, "available_memory", lambda: 50_000_000)
    events = list(Trainer(tiny_config(epochs=1)).run())
    assert events[-1].reason == "completed"


def test_available_memory_is_the_cgroup_limit_where_one_applies(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal: 100000000 kB\nMemAvailable:   50000000 kB\n", encoding="ascii")
    cgroup = tmp_path / "cgroup"
    cgroup.mkdir()
    assert available_memory(cgroup, meminfo) == 50_000_000 * 1024  # no cgroup files: the machine's
    (cgroup / "memory.max").write_text("max\n", encoding="ascii")
    assert available_memory(cgroup, meminfo) == 50_000_000 * 1024  # no limit
    (cgroup / "memory.max").write_text("8000000000\n", encoding="ascii")
    (cgroup / "memory.current").write_text("3000000000\n", encoding="ascii")
    assert available_memory(cgroup, meminfo) == 5_000_000_000
    assert available_memory(tmp_path / "none", tmp_path / "none") is None


def test_size_text_is_rounded_as_a_person_writes_it():
    assert [size_text(n) for n in (512, 12_345, 12_345_678, 8_100_000_000, 250_000_000_000)] == [
        "512 bytes", "12.3 kB", "12.3 MB", "8.1 GB", "250 GB"]


def test_a_csv_file_too_large_for_memory_is_refused_before_it_is_read(monkeypatch, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("a,b\n" + "1,2\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(csv_table, "available_memory", lambda: 50_000)
    monkeypatch.setattr(Path, "read_bytes", never_allocate)
    with pytest.raises(DataError, match=r"data.path: .*big.csv is 4.0 kB; reading it takes about 80.1 kB of memory "
                                        r"\(20x the file\) but 50.0 kB is available"):
        read_table(path)
