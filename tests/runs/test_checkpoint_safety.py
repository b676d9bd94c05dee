"""Loading a checkpoint or weights file never runs code, and a damaged one is a clear error, never a crash.

tests/runs/test_resume.py covers garbage, truncated, foreign, code-carrying and missing resume files; these
are the files that unpickle safely but hold the wrong things, damaged weight files, and the rule itself.
"""

from __future__ import annotations

import ast
import io
import json
import shutil
import struct
from pathlib import Path

import pytest
import torch

from tests.factories import tiny_config
from tui.core.errors import UserError
from tui.core.events import EpochEnded
from tui.runs.recorder import record
from tui.runs.resume import CHECKPOINT_NAME, resume_config
from tui.runs.weights import load_weights
from tui.training.trainer import Trainer

SOURCE = Path(__file__).resolve().parents[2] / "tui"


def test_every_torch_load_in_nn_tui_is_weights_only_and_nothing_unpickles_or_evals():
    offenders = []
    for file in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            if name.endswith("torch.load"):
                safe = any(k.arg == "weights_only" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords)
                if not safe:
                    offenders.append(f"{file}:{node.lineno} {name} without weights_only=True")
            if name in ("pickle.load", "pickle.loads", "eval", "exec", "marshal.loads"):
                offenders.append(f"{file}:{node.lineno} {name}")
    assert offenders == []


@pytest.fixture(scope="module")
def stopped_run(tmp_path_factory) -> Path:
    run_dir = tmp_path_factory.mktemp("ckpt") / "run"
    trainer = Trainer(tiny_config(epochs=4))
    for event in record(trainer, run_dir):
        if isinstance(event, EpochEnded) and event.epoch == 2:
            trainer.stop.set()
    return run_dir


WRONG_VALUES = {
    "model": "not weights", "optimizer": 3, "stopper": {}, "generator": "x", "torch_rng": torch.zeros(3),
    "numpy_rng": {}, "history_train": ["a"], "history_val": "x", "diagnosis": "x", "best_model": "x",
    "epoch": -5, "global_step": None, "elapsed": "x", "data_fingerprint": 7,
}


@pytest.mark.parametrize("field, value", list(WRONG_VALUES.items()), ids=list(WRONG_VALUES))
def test_a_checkpoint_with_a_wrong_kind_of_value_is_refused_by_name(stopped_run, tmp_path, field, value):
    run_dir = tmp_path / "run"
    shutil.copytree(stopped_run, run_dir)
    payload = torch.load(run_dir / CHECKPOINT_NAME, map_location="cpu", weights_only=True)
    payload[field] = value
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    (run_dir / CHECKPOINT_NAME).write_bytes(buffer.getvalue())
    with pytest.raises(UserError, match=rf"damaged checkpoint \(bad '{field}'\)"):
        list(record(Trainer(resume_config(run_dir)), run_dir, resume=True))


@pytest.mark.parametrize("field", ["model", "best_model"])
def test_weights_of_another_network_in_the_checkpoint_are_refused(stopped_run, tmp_path, field):
    run_dir = tmp_path / "run"
    shutil.copytree(stopped_run, run_dir)
    payload = torch.load(run_dir / CHECKPOINT_NAME, map_location="cpu", weights_only=True)
    payload[field] = {"hidden1.weight": torch.zeros(3, 3)}
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    (run_dir / CHECKPOINT_NAME).write_bytes(buffer.getvalue())
    with pytest.raises(UserError, match="does not fit this run's model"):
        list(record(Trainer(resume_config(run_dir)), run_dir, resume=True))


@pytest.mark.parametrize("change, message", [({"version": 99}, "checkpoint version 99"), ({"format": "keras"}, "not an nn-tui resume")])
def test_a_checkpoint_of_another_version_or_program_is_refused(stopped_run, tmp_path, change, message):
    run_dir = tmp_path / "run"
    shutil.copytree(stopped_run, run_dir)
    payload = torch.load(run_dir / CHECKPOINT_NAME, map_location="cpu", weights_only=True)
    buffer = io.BytesIO()
    torch.save({**payload, **change}, buffer)
    (run_dir / CHECKPOINT_NAME).write_bytes(buffer.getvalue())
    with pytest.raises(UserError, match=message):
        list(record(Trainer(resume_config(run_dir)), run_dir, resume=True))


def test_resume_of_a_damaged_checkpoint_exits_2_from_the_command_line(stopped_run, tmp_path, capsys):
    from tui.cli import main

    root = tmp_path / "runs"
    shutil.copytree(stopped_run, root / "tiny-20260101-000000")
    (root / "tiny-20260101-000000" / CHECKPOINT_NAME).write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["train", "--resume", "tiny", "--runs-dir", str(root)]) == 2
    err = capsys.readouterr().err
    assert "damaged or not a checkpoint" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def safetensors_with_header(header: dict, data: bytes = b"") -> bytes:
    encoded = json.dumps(header).encode()
    return struct.pack("<Q", len(encoded)) + encoded + data


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00" * 7,
        b"not a weights file at all" * 10,
        struct.pack("<Q", 10**15) + b"{}",  # a header length far past the end of the file
        safetensors_with_header({"w": {"dtype": "F32", "shape": [1000], "data_offsets": [0, 4000]}}, b"\x00" * 8),  # truncated data
        safetensors_with_header({"w": {"dtype": "PICKLE", "shape": [1], "data_offsets": [0, 4]}}, b"\x00" * 4),
        safetensors_with_header({"__metadata__": {"x": "y"}, "w": "not a tensor"}),
    ],
    ids=["empty", "short", "text", "huge header length", "truncated data", "unknown dtype", "not a tensor entry"],
)
def test_a_damaged_weights_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "best.safetensors"
    path.write_bytes(content)
    with pytest.raises(UserError, match="not a valid safetensors weights file"):
        load_weights(path)
