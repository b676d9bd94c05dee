"""A finished run used outside training: model.json, predict, evaluate and export, on data shaped like real data.

A penguins-like CSV (class labels as words, a text column one-hot encoded, an index column) and a house-price
CSV (a target in its own units, hundreds of thousands). Trained once per module, in-process.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.cli.helpers import assert_one_clear_line
from tui.cli import main
from tui.data.row_batches import read_batches
from tui.runs.prediction import feature_kinds, outputs
from tui.runs.saved_model import load_saved_model

SPECIES = ["Adelie", "Chinstrap", "Gentoo"]
ISLANDS = ["Biscoe", "Dream", "Torgersen"]


def penguins(path: Path, rows: int = 150, seed: int = 0, extra: bool = False) -> Path:
    rng = np.random.default_rng(seed)
    lines = ["rownames,island,bill_mm,mass_g,species" + (",comment" if extra else "")]
    for i in range(rows):
        k = i % 3
        island = ISLANDS[k] if rng.random() < 0.8 else ISLANDS[(k + 1) % 3]
        note = ",seen at dawn" if extra else ""
        lines.append(f"{i + 1},{island},{38 + 6 * k + rng.normal():.1f},{3400 + 600 * k + 150 * rng.normal():.0f},{SPECIES[k]}{note}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def houses(path: Path, rows: int = 160, seed: int = 1) -> Path:
    rng = np.random.default_rng(seed)
    lines = ["district,area_m2,rooms,price"]
    for _ in range(rows):
        district = ["north", "south"][int(rng.random() < 0.5)]
        area = rng.uniform(40, 160)
        rooms = int(area // 30) + 1
        price = 2500 * area + (60_000 if district == "north" else 0) + rng.normal() * 5000
        lines.append(f"{district},{area:.1f},{rooms},{price:.0f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def train(folder: Path, data: Path, target: str, features: list[str], loss: str, epochs: int) -> Path:
    preset = folder / f"{data.stem}.toml"
    preset.write_text(
        f'name = "{data.stem}"\n[data]\ndataset = "csv"\npath = "{data.name}"\ntarget = "{target}"\nfeatures = {json.dumps(features)}\n'
        f'[model]\nhidden = [8]\n[training]\nloss = "{loss}"\nepochs = {epochs}\nlr = 0.02\nbatch_size = 16\n',
        encoding="utf-8",
    )
    runs = folder / "runs"
    assert main(["train", str(preset), "--runs-dir", str(runs), "--quiet"]) == 0
    return next(p for p in runs.iterdir() if p.name.startswith(data.stem))


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("saved")
    classes = train(folder, penguins(folder / "penguins.csv"), "species", ["island", "bill_mm", "mass_g"], "cross_entropy", 15)
    values = train(folder, houses(folder / "houses.csv"), "price", ["district", "area_m2", "rooms"], "mse", 40)
    return folder, classes, values


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def metrics_rows(run: Path) -> list[dict[str, str]]:
    with open(run / "metrics.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def best_row(run: Path) -> dict[str, str]:
    return min(metrics_rows(run), key=lambda row: float(row["val_loss"]))


# ---------------------------------------------------------------- model.json


def test_model_json_keeps_what_inference_needs(trained):
    _, classes, values = trained
    model = json.loads((classes / "model.json").read_text(encoding="utf-8"))
    assert model["class_names"] == SPECIES and model["target"] == "species" and model["head"] == "softmax"
    assert model["features"]["columns"][0] == {"name": "island", "encoding": "one_hot", "categories": ISLANDS}
    assert model["inputs"] == ["island=Biscoe", "island=Dream", "island=Torgersen", "bill_mm", "mass_g"]
    assert len(model["features"]["mean"]) == len(model["features"]["scale"]) == 5
    assert model["architecture"]["layers"] == [{"in": 5, "out": 8}, {"in": 8, "out": 3}]
    regression = json.loads((values / "model.json").read_text(encoding="utf-8"))
    assert regression["head"] == "identity" and regression["class_names"] is None
    assert regression["target_scale"] > 10_000 and regression["target_mean"] > 100_000  # prices, standardized for training


def test_a_run_from_before_model_json_gets_one_clear_line(trained, capsys, tmp_path):
    folder, classes, _ = trained
    old = tmp_path / "old-run"
    old.mkdir()
    for name in ("config.toml", "summary.json", "metrics.csv", "best.safetensors"):
        (old / name).write_bytes((classes / name).read_bytes())
    for command in (["predict", str(old), str(folder / "penguins.csv")], ["evaluate", str(old)], ["export", str(old), "--format", "onnx",
                                                                                                  "-o", str(tmp_path / "m.onnx")]):
        code, _, err = cli(capsys, *command)
        assert_one_clear_line(code, err, "no model.json", "older nn-tui")


# ---------------------------------------------------------------- predict


def test_predict_writes_class_labels_and_probabilities_in_class_order(trained, capsys, tmp_path):
    folder, classes, _ = trained
    new = penguins(tmp_path / "new.csv", rows=30, seed=7, extra=True)  # an extra column, ignored
    code, out, err = cli(capsys, "predict", str(classes), str(new))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["prediction", "prob_Adelie", "prob_Chinstrap", "prob_Gentoo"]
    assert len(rows) == 31
    truth = [SPECIES[i % 3] for i in range(30)]
    assert sum(row[0] == t for row, t in zip(rows[1:], truth)) >= 24  # a learnable problem, learned
    for row in rows[1:]:
        probabilities = [float(p) for p in row[1:]]
        assert sum(probabilities) == pytest.approx(1, abs=1e-4)
        assert row[0] == SPECIES[int(np.argmax(probabilities))]
    assert cli(capsys, "predict", str(classes), str(new), "-o", str(tmp_path / "out.csv"))[0] == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == out


def test_predict_refuses_missing_feature_columns_in_one_line(trained, capsys, tmp_path):
    _, classes, _ = trained
    bad = tmp_path / "bad.csv"
    bad.write_text("island,species\nDream,Adelie\n", encoding="utf-8")
    code, out, err = cli(capsys, "predict", str(classes), str(bad))
    assert_one_clear_line(code, err, "missing feature columns 'bill_mm', 'mass_g'", str(bad))
    assert out == ""


def test_predict_names_a_cell_that_is_not_a_number(trained, capsys, tmp_path):
    _, classes, _ = trained
    bad = tmp_path / "bad.csv"
    bad.write_text("island,bill_mm,mass_g\nDream,40.1,3500\nDream,forty,3600\n", encoding="utf-8")
    code, _, err = cli(capsys, "predict", str(classes), str(bad))
    assert_one_clear_line(code, err, "'bill_mm'", "'forty'", "data row 2")


def test_regression_predictions_are_in_the_targets_own_units(trained, capsys):
    folder, _, values = trained
    code, out, err = cli(capsys, "predict", str(values), str(folder / "houses.csv"))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["prediction"]
    predicted = np.array([float(row[0]) for row in rows[1:]])
    with open(folder / "houses.csv", encoding="utf-8") as handle:
        prices = np.array([float(row["price"]) for row in csv.DictReader(handle)])
    assert np.abs(predicted - prices).mean() < 0.1 * prices.mean()  # standardized outputs (~0) would be off by the whole price


def test_large_files_are_read_in_batches(trained, tmp_path):
    _, classes, _ = trained
    saved = load_saved_model(classes)
    path = penguins(tmp_path / "many.csv", rows=3000, seed=3)
    batches = list(read_batches(path, feature_kinds(saved.description.features), block_bytes=4096))
    assert len(batches) > 10 and sum(len(b["bill_mm"]) for b in batches) == 3000


# ---------------------------------------------------------------- evaluate


def test_evaluate_recomputes_the_validation_split_as_training_did(trained, capsys):
    _, classes, _ = trained
    code, out, err = cli(capsys, "evaluate", str(classes), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["data"] == "validation split" and report["rows"] == 30
    assert report["accuracy"] == pytest.approx(float(best_row(classes)["val_accuracy"]), abs=1e-6)  # the best epoch's weights
    matrix = np.array(report["confusion_matrix"])
    assert matrix.shape == (3, 3) and matrix.sum() == 30 and matrix.sum(axis=1).tolist() == [10, 10, 10]
    assert [c["class"] for c in report["per_class"]] == SPECIES
    assert report["baseline"] == {"predicts": "Adelie", "accuracy": pytest.approx(1 / 3)}
    assert set(report["macro"]) == set(report["weighted"]) == {"precision", "recall", "f1"}
    code, text, _ = cli(capsys, "evaluate", str(classes))
    assert "Confusion matrix" in text and "macro avg" in text and "baseline, always 'Adelie': 0.33" in text


def test_evaluate_on_a_labelled_csv_and_for_regression(trained, capsys, tmp_path):
    folder, classes, values = trained
    code, out, _ = cli(capsys, "evaluate", str(classes), str(penguins(tmp_path / "more.csv", rows=60, seed=9)), "--json")
    assert code == 0 and json.loads(out)["rows"] == 60
    code, out, err = cli(capsys, "evaluate", str(values), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["mae"] == pytest.approx(float(best_row(values)["val_mae"]), rel=1e-4)  # in the target's units
    assert report["r2"] > 0.5 and report["baseline"]["r2"] == 0.0 and report["baseline"]["mae"] > report["mae"]


def test_evaluate_refuses_a_label_the_run_never_saw(trained, capsys, tmp_path):
    _, classes, _ = trained
    bad = tmp_path / "bad.csv"
    bad.write_text("island,bill_mm,mass_g,species\nDream,40,3500,Emperor\n", encoding="utf-8")
    code, _, err = cli(capsys, "evaluate", str(classes), str(bad))
    assert_one_clear_line(code, err, "'Emperor'", "not a class of this run")


# ---------------------------------------------------------------- export


def encoded_rows(trained) -> tuple[np.ndarray, np.ndarray]:
    folder, classes, _ = trained
    saved = load_saved_model(classes)
    frame = next(read_batches(folder / "penguins.csv", feature_kinds(saved.description.features)))
    features = saved.description.features.encode(frame).astype(np.float32)
    return features, outputs(saved, features)


def test_onnx_export_agrees_with_predict(trained, capsys, tmp_path):
    ort = pytest.importorskip("onnxruntime")
    _, classes, _ = trained
    assert cli(capsys, "export", str(classes), "--format", "onnx", "-o", str(tmp_path / "m.onnx"))[0] == 0
    features, expected = encoded_rows(trained)
    session = ort.InferenceSession(str(tmp_path / "m.onnx"))
    (got,) = session.run(None, {"features": features})
    assert got.shape == expected.shape == (150, 3)
    assert np.abs(got - expected).max() < 1e-5


def test_torchscript_export_agrees_with_predict(trained, capsys, tmp_path):
    import torch

    _, classes, _ = trained
    assert cli(capsys, "export", str(classes), "--format", "torchscript", "-o", str(tmp_path / "m.pt"))[0] == 0
    features, expected = encoded_rows(trained)
    loaded = torch.jit.load(str(tmp_path / "m.pt"))
    with torch.no_grad():
        got = loaded(torch.from_numpy(features)).numpy()
    assert np.abs(got - expected).max() < 1e-5


@pytest.mark.timeout(300)
def test_the_exported_script_trains_the_same_network_without_nn_tui(trained, capsys, tmp_path):
    _, classes, _ = trained
    script = tmp_path / "train_penguins.py"
    assert cli(capsys, "export", str(classes), "--format", "script", "-o", str(script))[0] == 0
    text = script.read_text(encoding="utf-8")
    assert "import tui" not in text and "from tui" not in text and "class MyPytorchModel(nn.Module)" in text
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr
    assert "Validation loss decreased (inf --> " in done.stdout and "Saving model ..." in done.stdout
    val_losses = [float(line.split("val_loss : ")[1]) for line in done.stdout.splitlines() if "val_loss : " in line]
    logged = [float(row["val_loss"]) for row in metrics_rows(classes) if row["epoch"] != "0"]  # epoch 0: before training
    assert len(val_losses) == 15
    assert val_losses == pytest.approx(logged, rel=1e-3)  # the same split, scaling, initial weights, batch order and optimizer
