"""How good a saved run is on labelled rows: its validation split (recomputed as in training) or a CSV.

Classification: confusion matrix, per-class precision, recall and F1, macro and weighted averages, accuracy,
against the baseline of always predicting the most common class. Regression: MAE, RMSE and R² in the
target's units, against always predicting the mean. The metrics are scikit-learn's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
from sklearn import metrics

from tui.core.errors import DataError, UserError
from tui.core.i18n import N_
from tui.core.vocabulary import CLASSIFICATION
from tui.data.loading import load_dataset
from tui.data.row_batches import NUMBER, TEXT, read_batches
from tui.runs.prediction import feature_kinds, outputs
from tui.runs.saved_model import SavedModel

VALIDATION = N_("validation split")  # the report's "data" when no CSV is named; shown through translated()


def evaluate_run(saved: SavedModel, data: Path | None = None) -> dict[str, Any]:
    """The report as plain data (`nn-tui evaluate --json` prints it as it is)."""
    truth, out = _validation(saved) if data is None else _from_file(saved, data)
    if len(truth) == 0:
        raise UserError(N_("{data}: no rows to evaluate on").format(data=data or saved.run_dir))
    report: dict[str, Any] = {"run": str(saved.run_dir), "data": VALIDATION if data is None else str(data), "rows": len(truth)}
    report["task"] = saved.description.task
    if saved.description.task == CLASSIFICATION:
        report |= classification_report(truth.astype(np.int64), out.argmax(axis=1), saved.description.class_names or [])
    else:
        report |= regression_report(truth.astype(np.float64), out[:, 0].astype(np.float64))
    return report


def classification_report(truth: np.ndarray, predicted: np.ndarray, class_names: list[str]) -> dict[str, Any]:
    labels = list(range(len(class_names)))
    precision, recall, f1, support = metrics.precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    averages = {}
    for average in ("macro", "weighted"):
        p, r, f, _ = metrics.precision_recall_fscore_support(truth, predicted, labels=labels, average=average, zero_division=0)
        averages[average] = {"precision": float(p), "recall": float(r), "f1": float(f)}
    counts = np.bincount(truth, minlength=len(class_names))
    majority = int(counts.argmax())
    return {
        "classes": class_names,
        "confusion_matrix": metrics.confusion_matrix(truth, predicted, labels=labels).tolist(),  # rows: true class
        "per_class": [
            {"class": name, "precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]), "support": int(support[i])}
            for i, name in enumerate(class_names)
        ],
        "accuracy": float(metrics.accuracy_score(truth, predicted)),
        **averages,
        "baseline": {"predicts": class_names[majority], "accuracy": float(counts[majority] / len(truth))},
    }


def regression_report(truth: np.ndarray, predicted: np.ndarray) -> dict[str, Any]:
    mean = np.full_like(truth, truth.mean())
    return {
        "mae": float(metrics.mean_absolute_error(truth, predicted)),
        "rmse": float(np.sqrt(metrics.mean_squared_error(truth, predicted))),
        "r2": float(metrics.r2_score(truth, predicted)) if len(truth) > 1 else None,
        "baseline": {
            "predicts": float(truth.mean()),
            "mae": float(metrics.mean_absolute_error(truth, mean)),
            "rmse": float(np.sqrt(metrics.mean_squared_error(truth, mean))),
            "r2": 0.0,
        },
    }


def _validation(saved: SavedModel) -> tuple[np.ndarray, np.ndarray]:
    """The run's own validation rows, split and scaled as training did (same config, same seed)."""
    config = saved.config
    if config.data.val_split == 0:
        raise UserError(N_("{run}: the run has no validation split (data.val_split = 0); name a CSV to evaluate on").format(
            run=saved.run_dir))
    dataset = load_dataset(config.data, config.seed)
    if dataset.encoding().encoded_names != saved.description.features.encoded_names:
        raise DataError(N_("{run}: the data has changed since training (its columns differ); name a CSV to evaluate on").format(
            run=saved.run_dir))
    out = saved.network.predict(torch.as_tensor(dataset.x_val), scaled=True).numpy()
    truth = dataset.y_val
    if saved.description.task != CLASSIFICATION:
        truth = truth.astype(np.float64) * dataset.target_scale + dataset.target_mean
    return np.asarray(truth), out


def _from_file(saved: SavedModel, path: Path) -> tuple[np.ndarray, np.ndarray]:
    description = saved.description
    target = description.target
    if target is None:
        raise UserError(N_("{run}: trained on a built-in data set; evaluate it on its validation split (no DATA.csv)").format(
            run=saved.run_dir))
    kinds = feature_kinds(description.features)
    classes = description.task == CLASSIFICATION
    kinds[target] = TEXT if classes else NUMBER
    truths, outs = [], []
    for frame in read_batches(path, kinds):
        outs.append(outputs(saved, description.features.encode(frame).astype(np.float32)))
        truths.append(_class_indices(path, target, frame[target], description.class_names or []) if classes else frame[target])
    if not outs:
        return np.empty(0), np.empty((0, description.n_outputs))
    return np.concatenate(truths), np.concatenate(outs)


def _class_indices(path: Path, target: str, labels: np.ndarray, class_names: list[str]) -> np.ndarray:
    index = {name: i for i, name in enumerate(class_names)}
    for name in class_names:  # numeric classes: "2.0" in the file is class "2"
        try:
            index.setdefault(repr(float(name)), index[name])
        except ValueError:
            pass
    found = np.array([index.get(label, index.get(_as_number(label), -1)) for label in labels])
    if (found < 0).any():
        unknown = labels[int(np.flatnonzero(found < 0)[0])]
        raise DataError(N_("{path}: target column {column} has {value}, not a class of this run ({classes})").format(
            path=path, column=repr(target), value=repr(unknown), classes=", ".join(class_names)))
    return found


def _as_number(label: str) -> str:
    try:
        return repr(float(label))
    except ValueError:
        return label
