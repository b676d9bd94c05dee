"""model.json: everything a run's weights need to be used on new rows (docs/DESIGN.md §The run folder).

The feature columns and their encoding with the training split's scaling, the class names in order, the
target's scaling, the output head and the architecture. The recorder writes it (atomically) before the run
starts; predict, evaluate and export read it back. Torch-free: reading it is plain JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.atomic import atomic_write_text
from tui.core.config import RunConfig
from tui.core.errors import UserError
from tui.core.i18n import N_
from tui.core.vocabulary import CLASSIFICATION, REGRESSION, Task
from tui.data.loading import Dataset
from tui.data.preprocessing import Preprocessing

MODEL_NAME = "model.json"
FORMAT = "nn-tui-model"
VERSION = 1

# How the network's output becomes what predict prints: class probabilities (softmax over one output per
# class; sigmoid of a single output for the two classes of bce and hinge) or the value in the target's units.
SOFTMAX, SIGMOID, IDENTITY = "softmax", "sigmoid", "identity"
HEADS = (SOFTMAX, SIGMOID, IDENTITY)


@dataclass(frozen=True)
class ModelFile:
    """model.json as read back."""

    task: Task
    target: str | None  # the target column of a CSV; None for a built-in data set
    features: Preprocessing
    class_names: list[str] | None
    target_mean: float
    target_scale: float
    head: str
    hidden: list[int]
    activation: str
    n_outputs: int

    @property
    def n_inputs(self) -> int:
        return len(self.features.encoded_names)

    @property
    def output_columns(self) -> list[str]:
        """predict's columns after `prediction`: one probability per class, in class order."""
        return [f"prob_{name}" for name in self.class_names or []]


def describe(config: RunConfig, dataset: Dataset, n_outputs: int) -> dict[str, Any]:
    """model.json's content for a run about to train on `dataset`."""
    head = IDENTITY if dataset.task == REGRESSION else SOFTMAX if n_outputs > 1 else SIGMOID
    widths = [dataset.n_features, *config.model.hidden, n_outputs]
    return {
        "format": FORMAT,
        "version": VERSION,
        "task": dataset.task,
        "target": config.data.target if config.data.dataset == "csv" else None,
        "features": dataset.encoding().to_dict(),
        "inputs": dataset.encoding().encoded_names,
        "class_names": dataset.class_names,
        "target_mean": dataset.target_mean,
        "target_scale": dataset.target_scale,
        "head": head,
        "architecture": {
            "hidden": list(config.model.hidden),
            "activation": config.model.activation,
            "layers": [{"in": a, "out": b} for a, b in zip(widths, widths[1:])],
        },
        "weights": "best.safetensors",
    }


def write_model_file(run_dir: Path, content: dict[str, Any]) -> None:
    atomic_write_text(run_dir / MODEL_NAME, json.dumps(content, indent=2))


def read_model_file(run_dir: Path) -> ModelFile:
    """model.json, checked; a run from before model.json, or a damaged file, is one clear UserError."""
    path = run_dir / MODEL_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(
            N_("{run}: no {name}; this run was saved by an older nn-tui, before runs kept their preprocessing "
               "(train it again to predict, evaluate or export)").format(run=run_dir, name=MODEL_NAME)
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError(N_("{path}: cannot be read ({why})").format(path=path, why=error)) from None
    try:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not an {FORMAT} file")
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}; this nn-tui reads version {VERSION}")
        task = data["task"]
        if task not in (CLASSIFICATION, REGRESSION):
            raise ValueError(f"task {task!r}")
        head = data["head"]
        if head not in HEADS:
            raise ValueError(f"head {head!r}")
        architecture = data["architecture"]
        class_names = [str(name) for name in data["class_names"]] if data.get("class_names") is not None else None
        if task == CLASSIFICATION and not class_names:
            raise ValueError("a classification run without class names")
        return ModelFile(
            task=task,
            target=None if data.get("target") is None else str(data["target"]),
            features=Preprocessing.from_dict(data["features"]),
            class_names=class_names,
            target_mean=float(data["target_mean"]),
            target_scale=float(data["target_scale"]),
            head=head,
            hidden=[int(size) for size in architecture["hidden"]],
            activation=str(architecture["activation"]),
            n_outputs=int(architecture["layers"][-1]["out"]),
        )
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise UserError(N_("{path}: damaged ({why})").format(path=path, why=error)) from None
