"""Every bundled preset runs to the end, and what its description promises is what its events show."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from tui.core.config import load_config
from tui.core.errors import ConfigError
from tui.core.events import Finished
from tui.core.presets import bundled_dir, list_presets, resolve_preset
from tui.training.trainer import Trainer

# The names are part of the interface (issue 4): renaming one breaks users' scripts.
COURSE_PRESETS = [
    "iris", "worked-example", "batch-gd", "sgd", "mini-batch", "steps-700", "batches-200x5",
    "lr-too-small", "lr-good", "lr-too-large", "not-learning", "overfitting", "early-stopping",
    "regression-mse", "regression-mae", "binary-bce", "binary-hinge", "multiclass-cross-entropy",
    "opt-sgd", "opt-adam", "opt-rmsprop", "opt-adagrad", "moons", "circles", "xor", "spiral", "csv-example",
    "gradient-averaging", "activation-derivatives",
]  # fmt: skip


def preset(name: str, *overrides: str):
    return load_config(resolve_preset(name), ["training.device=cpu", *overrides])


def run(name: str, *overrides: str) -> list:
    return list(Trainer(preset(name, *overrides)).run())


def started(name: str, *overrides: str):
    """The RunStarted event alone: the plan, without training."""
    return next(iter(Trainer(preset(name, *overrides)).run()))


def kinds(events: list, kind: str) -> list:
    return [e for e in events if e.kind == kind]


def epochs(events: list) -> list:
    return kinds(events, "epoch")


def finished(events: list):
    assert isinstance(events[-1], Finished)
    return events[-1]


# ---------------------------------------------------------------- the set of presets


def test_every_course_preset_is_bundled_with_a_description():
    bundled = {info.name: info for info in list_presets() if info.source == "bundled"}
    missing = [name for name in COURSE_PRESETS if name not in bundled]
    assert not missing
    for name in COURSE_PRESETS:
        assert len(bundled[name].description) > 40, name
        config = preset(name)
        assert config.name == name and config.description == bundled[name].description


def test_every_bundled_preset_has_a_spanish_description():
    for path in bundled_dir().glob("*.toml"):
        config = load_config(path)
        english, spanish = config.description, config.description_es
        assert spanish != english and 0.8 < len(spanish) / len(english) < 1.5, path.stem  # a translation, not a stub
        assert ("`nn-tui" in english) == ("`nn-tui" in spanish), path.stem  # commands kept as they are


def test_presets_command_in_spanish_shows_the_spanish_description():
    env = {"NN_TUI_LANG": "es", "NO_COLOR": "1", "COLUMNS": "300", "PATH": ""}
    out = subprocess.run([sys.executable, "-m", "tui", "presets"], check=False, capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "35000 ejemplos de entrenamiento en lotes de 50 necesitan 700 pasos" in out.stdout
    assert "training examples in batches of 50" not in out.stdout


def test_bundled_presets_ship_as_package_data():
    # pyproject ships presets/*.toml and *.csv as tui.presets; a preset's data file must be one of those.
    for path in bundled_dir().glob("*.toml"):
        config = load_config(path)
        if config.data.path:
            assert config.data.path.endswith(".csv") and (bundled_dir() / config.data.path.rsplit("/", 1)[-1]).is_file()


# ---------------------------------------------------------------- steps, batches and GD kinds


def test_batch_sgd_and_mini_batch_share_the_problem_and_differ_in_steps():
    starts = {name: started(name) for name in ("batch-gd", "sgd", "mini-batch")}
    assert {s.train_size for s in starts.values()} == {240}
    assert (starts["batch-gd"].gd_kind, starts["batch-gd"].steps_per_epoch, starts["batch-gd"].batch_size) == ("batch", 1, 240)
    assert (starts["sgd"].gd_kind, starts["sgd"].steps_per_epoch, starts["sgd"].batch_size) == ("stochastic", 240, 1)
    assert (starts["mini-batch"].gd_kind, starts["mini-batch"].steps_per_epoch, starts["mini-batch"].batch_size) == ("mini-batch", 8, 32)
    configs = [preset(name) for name in starts]
    same = [(c.seed, c.data, c.model, c.training.lr, c.training.optimizer, c.training.epochs) for c in configs]
    assert same.count(same[0]) == 3


def test_more_steps_per_epoch_learn_more_per_epoch():
    final = {name: finished(run(name, "training.epochs=10")).metrics["train_loss"] for name in ("batch-gd", "sgd", "mini-batch")}
    assert final["sgd"] < final["mini-batch"] < final["batch-gd"]


def test_steps_700_is_the_lectures_arithmetic():
    events = run("steps-700")
    start = events[0]
    assert (start.train_size, start.batch_size, start.steps_per_epoch) == (35000, 50, 700)
    assert [e.global_step for e in epochs(events)] == [0, 700, 1400, 2100]  # epoch 0: before the first step
    assert kinds(events, "improved") and kinds(events, "patience")  # the lecture's log lines
    assert finished(events).reason == "completed"


def test_batches_200x5_plan():
    start = started("batches-200x5")
    assert (start.train_size, start.batch_size, start.steps_per_epoch, start.epochs, start.total_steps) == (200, 5, 40, 1000, 40_000)


@pytest.mark.timeout(600)  # 40 000 steps
@pytest.mark.slow
def test_batches_200x5_runs_all_40000_steps():
    events = run("batches-200x5")
    assert finished(events).reason == "completed"
    assert epochs(events)[-1].global_step == 40_000


# ---------------------------------------------------------------- learning rates


def test_learning_rate_too_small_crawls_good_one_converges():
    small, good = run("lr-too-small"), run("lr-good")
    small_loss = [e.train_loss for e in epochs(small)]
    good_loss = [e.train_loss for e in epochs(good)]
    assert finished(small).reason == finished(good).reason == "completed"
    assert small_loss[-1] < small_loss[0]  # it does learn ...
    assert small_loss[-1] > 5 * good_loss[-1]  # ... far too slowly
    assert good_loss[-1] < 0.2 * good_loss[0]
    assert {d.state for d in kinds(good, "diagnosis")} == {"healthy"}  # the curves go down together


def test_learning_rate_too_large_diverges_and_says_so():
    events = run("lr-too-large")
    diverged = kinds(events, "diverged")
    assert len(diverged) == 1 and "learning rate" in diverged[0].message
    assert finished(events).reason == "diverged"


# ---------------------------------------------------------------- curve states


def test_not_learning_has_flat_curves():
    events = run("not-learning")
    losses = [e.train_loss for e in epochs(events)]
    accuracies = {round(e.val_accuracy, 6) for e in epochs(events)}
    assert max(losses) - min(losses) < 0.01 * losses[0]
    assert abs(losses[0] - math.log(2)) < 0.01 and accuracies == {0.5}
    assert "not_learning" in {d.state for d in kinds(events, "diagnosis")}


def test_overfitting_val_loss_rises_while_train_loss_falls():
    events = run("overfitting")
    val = [e.val_loss for e in epochs(events)]
    train = [e.train_loss for e in epochs(events)]
    best = val.index(min(val))
    assert best < len(val) // 4
    assert val[-1] > 2 * val[best] and train[-1] < 0.5 * train[best]
    assert "overfitting" in {d.state for d in kinds(events, "diagnosis")}


def test_early_stopping_stops_the_overfitting_run_and_restores_the_best():
    events = run("early-stopping")
    stop = kinds(events, "early_stop")
    end = finished(events)
    assert len(stop) == 1 and end.reason == "early_stop" and end.restored_best
    assert stop[0].epoch == stop[0].best_epoch + 10 < 200  # patience 10
    assert max(e.wait for e in kinds(events, "patience")) == 10
    assert preset("early-stopping").model == preset("overfitting").model


# ---------------------------------------------------------------- losses


@pytest.mark.parametrize("name", ["regression-mse", "regression-mae"])
def test_regression_losses_learn(name):
    events = run(name)
    assert events[0].task == "regression"
    first, last = epochs(events)[0], epochs(events)[-1]
    assert last.train_loss < 0.7 * first.train_loss and last.val_mae < 0.85 * first.val_mae


@pytest.mark.parametrize("name, loss", [("binary-bce", "bce"), ("binary-hinge", "hinge")])
def test_binary_losses_use_one_output_and_classify_well(name, loss):
    events = run(name)
    assert preset(name).training.loss == loss
    assert events[0].n_classes == 2 and "out_features=1," in events[0].model_summary
    assert epochs(events)[-1].val_accuracy > 0.9


def test_multiclass_cross_entropy_on_ten_digits():
    events = run("multiclass-cross-entropy")
    assert events[0].n_classes == 10 and "out_features=10," in events[0].model_summary
    assert abs(epochs(events)[0].train_loss - math.log(10)) < 0.6  # starts near a uniform guess
    assert epochs(events)[-1].val_accuracy > 0.9


# ---------------------------------------------------------------- optimizers


def test_optimizers_on_the_same_problem():
    names = ["opt-sgd", "opt-adam", "opt-rmsprop", "opt-adagrad"]
    configs = [preset(name) for name in names]
    assert [c.training.optimizer for c in configs] == ["sgd", "adam", "rmsprop", "adagrad"]
    shared = [(c.seed, c.data, c.model, c.training.lr, c.training.batch_size, c.training.epochs) for c in configs]
    assert shared.count(shared[0]) == 4
    final = {name: epochs(run(name))[-1] for name in names}
    assert final["opt-adam"].val_accuracy > 0.95 and final["opt-rmsprop"].val_accuracy > 0.95
    assert final["opt-sgd"].train_loss > final["opt-adagrad"].train_loss > final["opt-adam"].train_loss


# ---------------------------------------------------------------- playground and CSV


@pytest.mark.parametrize("name, accuracy", [("moons", 0.9), ("circles", 0.9), ("xor", 0.9), ("spiral", 0.8)])
def test_playground_sets_are_learned(name, accuracy):
    events = run(name)
    assert preset(name).data.dataset == name and events[0].n_classes == 2
    assert finished(events).reason == "completed"
    assert epochs(events)[-1].val_accuracy > accuracy


def test_csv_example_reads_the_shipped_file():
    events = run("csv-example")
    start = events[0]
    assert start.train_size + start.val_size == 148  # 150 rows, 2 with a blank cell dropped
    assert start.n_classes == 3
    assert epochs(events)[-1].val_accuracy > 0.75


@pytest.mark.parametrize("name", ["iris", "worked-example", "gradient-averaging", "activation-derivatives"])
def test_engine_presets_still_run(name):
    assert finished(run(name)).reason == "completed"


# ---------------------------------------------------------------- user presets and names


def write_preset(folder, name: str, description: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(f'name = "{name}"\ndescription = "{description}"\n', encoding="utf-8")


def test_user_presets_are_listed_and_a_shadowing_one_is_marked(tmp_path, monkeypatch):
    user = tmp_path / "mine"
    monkeypatch.setenv("NN_TUI_PRESETS_DIR", str(user))
    write_preset(user, "iris", "my own iris")
    write_preset(user, "mine", "my experiment")
    infos = {(i.name, i.source): i for i in list_presets()}
    assert infos[("iris", "user")].shadows_bundled and infos[("iris", "user")].description == "my own iris"
    assert not infos[("mine", "user")].shadows_bundled
    assert not infos[("iris", "bundled")].shadows_bundled
    # The bundled one keeps the plain name; the user's needs user:NAME.
    assert resolve_preset("iris") == bundled_dir() / "iris.toml"
    assert resolve_preset("user:iris") == user / "iris.toml"
    assert resolve_preset("mine") == user / "mine.toml"


@pytest.mark.parametrize("spec", ["user:../secret", "user:..", "bundled:../../etc/passwd", "..", "user:a/b", "other:iris", ".hidden"])
def test_preset_names_cannot_leave_their_folder(spec):
    with pytest.raises(ConfigError, match="not a preset name"):
        resolve_preset(spec)


def test_unknown_preset_suggests_a_close_name():
    with pytest.raises(ConfigError, match="did you mean 'spiral'"):
        resolve_preset("spiarl")


def test_presets_command_lists_both_sources(tmp_path):
    user = tmp_path / "mine"
    write_preset(user, "xor", "my xor")
    env = {"NN_TUI_PRESETS_DIR": str(user), "NO_COLOR": "1", "COLUMNS": "200", "PATH": ""}
    out = subprocess.run([sys.executable, "-m", "tui", "presets"], check=False, capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "steps-700" in out.stdout and "csv-example" in out.stdout
    assert "my xor" in out.stdout and "user:xor" in out.stdout
