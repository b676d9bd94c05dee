"""The training layer writes no file: the run folder is tui.runs.recorder's, a consumer of the events."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.factories import tiny_config
from tui.runs.recorder import record
from tui.training.trainer import Trainer

TRAINING = Path(__file__).resolve().parents[2] / "tui" / "training"
FILE_MODULES = ("pathlib", "shutil", "tempfile", "io", "csv", "json", "safetensors", "tomli_w", "tui.runs")
FILE_CALLS = {"open", "write_text", "write_bytes", "mkdir", "makedirs", "rmdir", "unlink", "remove", "touch", "rename",
              "replace", "save"}


def test_no_module_of_the_training_layer_imports_file_tools_or_calls_a_writer():
    offenders = []
    for file in sorted(TRAINING.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                names = []
            offenders += [f"{file.name}:{node.lineno} imports {n}" for n in names if n.split(".")[0] in FILE_MODULES
                          or n.startswith(FILE_MODULES)]
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in FILE_CALLS:
                    offenders.append(f"{file.name}:{node.lineno} calls {ast.unparse(func)}")
    assert offenders == []


def test_a_run_without_a_run_folder_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NN_TUI_RUNS_DIR", raising=False)
    trainer = Trainer(tiny_config(epochs=3))
    events = list(record(trainer, None))
    assert events[-1].reason == "completed" and events[0].run_dir is None and events[-1].run_dir is None
    assert list(tmp_path.iterdir()) == []
