"""The learning-rate range test: a sensible suggestion on known problems, which trains well; the run left untouched."""

from __future__ import annotations

import json

import torch

from tests.factories import tiny_iris
from tests.training.helpers import of_kind
from tui.cli import main
from tui.training.lr_finder import find_lr, suggestion
from tui.training.trainer import Trainer


def test_on_iris_with_adam_the_suggestion_is_in_the_usual_band_and_trains_well():
    config = tiny_iris(training={"epochs": 30})
    found = find_lr(Trainer(config))
    assert found.exploded and found.steps < 100, "the ramp to lr 10 blows Adam up before its end"
    assert found.suggested_lr is not None and 1e-3 <= found.suggested_lr <= 0.5
    trained = list(Trainer(tiny_iris(training={"epochs": 30, "lr": found.suggested_lr})).run())
    assert of_kind(trained, "epoch")[-1].val_accuracy >= 0.9


def test_on_linear_regression_with_sgd_the_suggestion_stays_below_the_divergence_limit():
    config = tiny_iris(data={"dataset": "linear"}, model={"hidden": []},
                       training={"loss": "mse", "optimizer": "sgd", "batch_size": "full", "epochs": 40})
    found = find_lr(Trainer(config), steps=60)
    # Full-batch gradient descent on standardized features diverges past lr ≈ 2 / the largest curvature (≈ 1 here).
    assert found.suggested_lr is not None and 1e-2 <= found.suggested_lr <= 1.0
    trained = of_kind(list(Trainer(tiny_iris(data={"dataset": "linear"}, model={"hidden": []}, training={
        "loss": "mse", "optimizer": "sgd", "batch_size": "full", "epochs": 40, "lr": found.suggested_lr})).run()), "epoch")
    assert trained[-1].train_loss < 0.1 * trained[0].train_loss


def test_the_finder_restores_weights_optimizer_and_random_streams():
    config = tiny_iris(model={"hidden": [8], "dropout": 0.3}, training={"epochs": 3})
    untouched = [e.to_json() for e in of_kind(list(Trainer(config).run()), "epoch")]
    trainer = Trainer(config)
    trainer.setup()
    assert trainer.model is not None
    before = {k: v.clone() for k, v in trainer.model.state_dict().items()}
    find_lr(trainer, steps=30)
    assert all(torch.equal(before[k], v) for k, v in trainer.model.state_dict().items())
    assert trainer.optimizer.state_dict()["state"] == {}
    after = [e.to_json() for e in of_kind(list(trainer.run()), "epoch")]
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("seconds", "elapsed")} for r in rows]  # noqa: E731
    assert strip(after) == strip(untouched)


def test_the_suggestion_is_the_steepest_fall_before_the_lowest_point_not_noise():
    lrs = [10 ** (i / 10 - 6) for i in range(60)]
    noise = [0.04 * (-1) ** i for i in range(60)]  # batch noise: sharp one-step dips, no trend
    falling = [1.0] * 30 + [1.0 - 0.7 * i / 20 for i in range(20)] + [0.3 + 0.5 * i for i in range(10)]
    index = lrs.index(suggestion(lrs, [f + n for f, n in zip(falling, noise)]))
    assert 35 <= index <= 45, index
    assert suggestion(lrs, [1.0 + n for n in noise]) is None, "a flat curve suggests nothing"
    assert suggestion(lrs, [1.0 + i for i in range(60)]) is None, "a loss that only rises suggests nothing"


def test_lr_find_command_prints_the_suggestion_and_writes_one_json_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NN_TUI_RUNS_DIR", raising=False)
    assert main(["lr-find", "iris", "--jsonl", "-"]) == 0
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    record = json.loads(line)
    assert record["event"] == "lr_find" and len(record["lrs"]) == record["steps"] == len(record["losses"])
    assert f"Suggested learning rate: {record['suggested_lr']:.3g}" in err
    assert not (tmp_path / "runs").exists(), "nothing is saved as a run"


def test_lr_find_refuses_a_bad_range_in_one_line(capsys):
    assert main(["lr-find", "iris", "--start-lr", "1", "--end-lr", "0.1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("nn-tui: error: --start-lr 1 and --end-lr 0.1:") and "\n" not in err
