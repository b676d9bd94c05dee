"""A model or data set too large to allocate is the user's to fix: one line naming the setting, exit 2.
(Running out of memory during training is tests/training/test_faults.py's.)"""

from __future__ import annotations

import pytest
import torch

import tui.training.memory_check as memory_check
import tui.training.trainer as trainer_module
from tests.cli.helpers import assert_one_clear_line, run_cli
from tests.factories import tiny_config, with_changes
from tui.core.errors import ConfigError, DataError, is_out_of_memory
from tui.training.trainer import Trainer

CPU_ALLOCATOR = RuntimeError("[enforce fail at alloc_cpu.cpp:127] DefaultCPUAllocator: can't allocate memory: "
                             "you tried to allocate 40000000000 bytes. Error code 12 (Cannot allocate memory)")


def raising(error: BaseException):
    def fail(*args, **kwargs):
        raise error
    return fail


@pytest.mark.parametrize(
    "error, expected",
    [
        (CPU_ALLOCATOR, True),
        (torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"), True),
        (MemoryError(), True),
        (RuntimeError("mat1 and mat2 shapes cannot be multiplied"), False),
        (ValueError("out of memory"), False),
    ],
)
def test_what_counts_as_running_out_of_memory(error, expected):
    assert is_out_of_memory(error) is expected


@pytest.mark.parametrize("error", [CPU_ALLOCATOR, torch.OutOfMemoryError("CUDA out of memory")], ids=["cpu", "cuda"])
def test_a_network_too_large_to_allocate_names_model_hidden_and_its_size(monkeypatch, error):
    monkeypatch.setattr(trainer_module, "build_model", raising(error))
    with pytest.raises(ConfigError, match=r"model.hidden: a network of 2,\d{3},\d{3} parameters does not fit in memory on cpu"):
        list(Trainer(with_changes(tiny_config(epochs=1), model={"hidden": [2000, 1000]})).run())


def test_a_data_set_too_large_to_allocate_is_a_data_error(monkeypatch):
    monkeypatch.setattr(trainer_module, "load_dataset", raising(MemoryError("Unable to allocate 2.18 TiB")))
    with pytest.raises(DataError, match="data: the 'moons' data set does not fit in memory"):
        list(Trainer(tiny_config(epochs=1)).run())


def test_any_other_error_while_building_is_still_a_bug(monkeypatch):
    monkeypatch.setattr(trainer_module, "build_model", raising(RuntimeError("shapes cannot be multiplied")))
    with pytest.raises(RuntimeError, match="shapes cannot be multiplied"):
        list(Trainer(tiny_config(epochs=1)).run())


def test_the_command_line_says_it_in_one_line_and_leaves_no_run_folder(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(trainer_module, "build_model", raising(CPU_ALLOCATOR))
    monkeypatch.setattr(memory_check, "available_memory", lambda: None)  # the allocator's own refusal, not the estimate's
    code, err = run_cli(capsys, "train", "iris", "--set", "model.hidden=[100000, 100000]", "--runs-dir", str(tmp_path))
    assert_one_clear_line(code, err, "model.hidden: a network of 10,000,900,003 parameters does not fit in memory")
    assert list(tmp_path.iterdir()) == []
