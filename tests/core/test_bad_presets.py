"""A preset written by someone else: every way it can be wrong is one line naming the key, line or file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.helpers import assert_one_clear_line, run_cli, write_preset
from tui.core.config import MAX_PRESET_BYTES

GOOD = 'name = "ok"\n[data]\ndataset = "iris"\n[training]\nloss = "cross_entropy"\nepochs = 1\ndevice = "cpu"\n'

# (preset text, fragments the one-line message must contain)
CASES = {
    "invalid TOML: line and column": ('name = "x"\n[training\nlr = 1\n', ["invalid TOML", "line 2, column"]),
    "unknown key: closest name": ("[training]\noptimiser = 'adam'\n", ["training.optimiser: unknown key", "did you mean 'optimizer'"]),
    "unknown section: closest name": ("[trainig]\nlr = 0.1\n", ["trainig: unknown key", "did you mean 'training'"]),
    "wrong type: text for a count": ("[training]\nepochs = 'ten'\n", ["training.epochs", "valid integer"]),
    "wrong type: text for a list": ("[model]\nhidden = '8, 9'\n", ["model.hidden"]),
    "wrong type: bool for a number": ("[training]\nlr = true\n", ["training.lr: must be a number"]),
    "nan learning rate": ("[training]\nlr = nan\n", ["training.lr", "finite"]),
    "inf learning rate": ("[training]\nlr = inf\n", ["training.lr", "finite"]),
    "-inf noise": ("[data]\ndataset = 'moons'\nnoise = -inf\n", ["data.noise", "finite"]),
    "nan momentum": ("[training]\noptimizer = 'sgd'\nmomentum = nan\n", ["training.momentum", "finite"]),
    "nan validation split": ("[data]\nval_split = nan\n", ["data.val_split", "finite"]),
    "inf min_delta": ("[early_stopping]\nmin_delta = inf\n", ["early_stopping.min_delta", "finite"]),
    "inf divergence bound": ("[training]\ndivergence_factor = inf\n", ["training.divergence_factor", "finite"]),
    "nan initial weight": ("[model]\nhidden = []\ninit = [{weight = [[nan]], bias = [0.0]}]\n", ["model.init.0.weight.0.0", "finite"]),
    "inf inline data": (
        "[data]\ndataset = 'inline'\nx = [[1.0], [inf]]\ny = [1.0, 2.0]\n[training]\nloss = 'mse'\n", ["data.x.1.0", "finite"]),
    "nan in a sweep": ("[sweep]\n'training.lr' = [0.1, nan]\n", ["training.lr[1]", "finite"]),
    "validation split out of range": ("[data]\nval_split = 1.5\n", ["data.val_split", "less than 1"]),
    "momentum out of range": ("[training]\noptimizer = 'sgd'\nmomentum = 1.0\n", ["training.momentum"]),
    "zero epochs": ("[training]\nepochs = 0\n", ["training.epochs", "greater than or equal to 1"]),
    "negative patience": ("[early_stopping]\npatience = -1\n", ["early_stopping.patience"]),
    "negative seed": ("seed = -1\n", ["seed", "greater than or equal to 0"]),
    "seed past 2^32": ("seed = 4294967296\n", ["seed", "less than or equal to 4294967295"]),
    "absurd thread count": ("[training]\nthreads = 100000\n", ["training.threads", "at most 1024"]),
    "unknown dataset lists the valid ones": ("[data]\ndataset = 'mnist'\n", ["unknown dataset 'mnist'", "allowed: iris, wine"]),
    "unknown loss lists the valid ones": ("[training]\nloss = 'log_loss'\n", ["unknown loss 'log_loss'", "allowed: mse, mae"]),
    "unknown optimizer lists the valid ones": ("[training]\noptimizer = 'lbfgs'\n", ["unknown optimizer 'lbfgs'", "allowed: sgd, adam"]),
    "unknown activation lists the valid ones": ("[model]\nactivation = 'swish'\n", ["unknown activation 'swish'", "allowed: relu, tanh"]),
    "regression loss on classes": ("[training]\nloss = 'mse'\n", ["training.loss: 'mse' is a regression loss", "cross_entropy"]),
    "class loss on a regression": ("[data]\ndataset = 'diabetes'\n", ["training.loss: 'cross_entropy' is a classification loss", "mse"]),
    "binary loss on three classes": ("[training]\nloss = 'bce'\n", ["'bce' needs a binary target", "3 classes"]),
    "run name climbing out of the runs folder": ('name = "../escape"\n', ["name: must be", "no '/' or '..'"]),
    "run name with a slash": ('name = "a/b"\n', ["name: must be"]),
    "hidden run name": ('name = ".hidden"\n', ["name: must be"]),
    "too many synthetic examples": ("[data]\ndataset = 'moons'\nn_samples = 10000000\n", ["data.n_samples", "at most"]),
    "too many synthetic features": ("[data]\ndataset = 'blobs'\nn_features = 1000000000\n", ["data.n_features", "at most"]),
}


def preset_text(body: str) -> str:
    """GOOD with BODY's keys taking precedence: a bad key is the only thing wrong with the preset."""
    import tomllib

    try:
        override = tomllib.loads(body)
    except tomllib.TOMLDecodeError:
        return body  # the syntax error itself is the case
    import tomli_w

    base = tomllib.loads(GOOD)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return tomli_w.dumps(base)


def test_the_good_base_preset_trains(tmp_path, capsys):
    path = write_preset(tmp_path, GOOD, "good.toml")
    code, err = run_cli(capsys, "train", str(path), "--no-save", "--quiet")
    assert code == 0, err


@pytest.mark.parametrize("body, fragments", list(CASES.values()), ids=list(CASES))
def test_a_bad_preset_is_one_line_naming_what_is_wrong(tmp_path, capsys, body, fragments):
    text = body if body.startswith('name = "x"\n[training\n') else preset_text(body)
    path = write_preset(tmp_path, text)
    code, err = run_cli(capsys, "train", str(path), "--no-save", "--quiet")
    assert_one_clear_line(code, err, *fragments)
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("# " + "x" * (MAX_PRESET_BYTES + 10) + "\n", "too large to be a preset"),
        (b"name = \"caf\xe9\"\n", "not UTF-8 text (byte 11)"),
        ("v = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
        ("v = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", "nested too deeply"),
    ],
    ids=["too large", "not UTF-8", "arrays nested too deeply", "tables nested too deeply"],
)
def test_a_file_that_is_no_preset_at_all_is_refused_before_parsing(tmp_path, capsys, content, fragment):
    path = write_preset(tmp_path, content)
    code, err = run_cli(capsys, "train", str(path), "--no-save")
    assert_one_clear_line(code, err, "bad.toml", fragment)


def test_a_folder_named_like_a_preset_is_no_preset(tmp_path, capsys):
    (tmp_path / "folder.toml").mkdir()
    code, err = run_cli(capsys, "train", str(tmp_path / "folder.toml"), "--no-save")
    assert_one_clear_line(code, err, "a folder, not a preset file")  # it exists: "no such preset file" would mislead


@pytest.mark.parametrize("spec", ["user:../x", "bundled:../../etc/passwd", "user:a\\b", "other:iris"])
def test_preset_names_that_climb_out_are_refused_by_every_command(capsys, spec):
    for command in ("train", "sweep", "tune", "app"):
        code, err = run_cli(capsys, command, spec)
        assert_one_clear_line(code, err, "is not a preset name")


@pytest.mark.parametrize("command", ["train", "sweep", "tune", "app"])
def test_every_command_that_takes_a_preset_refuses_a_bad_one_the_same_way(tmp_path, capsys, monkeypatch, command):
    from tui.app.app import NNTuiApp

    monkeypatch.setattr(NNTuiApp, "run", lambda self, *a, **k: pytest.fail("the app opened on a bad preset"))
    path = write_preset(tmp_path, "[training]\nlr = nan\n[sweep]\n'training.epochs' = [1, 2]\n[tune]\n'training.lr' = [0.1, 0.2]\n")
    code, err = run_cli(capsys, command, str(path), "--runs-dir", str(tmp_path / "runs"))
    assert_one_clear_line(code, err, "training.lr", "finite")
    assert not (tmp_path / "runs").exists()


def test_a_broken_user_preset_is_listed_as_unreadable_and_refused_when_used(tmp_path, capsys, monkeypatch):
    user = tmp_path / "mine"
    write_preset(user, "[training\n", "broken.toml")
    monkeypatch.setenv("NN_TUI_PRESETS_DIR", str(user))
    monkeypatch.setenv("COLUMNS", "400")
    from tui.cli import main

    assert main(["presets", "--full"]) == 0
    assert "unreadable" in capsys.readouterr().out
    code, err = run_cli(capsys, "train", "user:broken", "--no-save")
    assert_one_clear_line(code, err, "broken.toml", "invalid TOML")


@pytest.mark.parametrize("setting", ["training.loss=bce", "data.n_samples=10000000"])
def test_a_preset_refused_once_its_data_is_known_leaves_no_empty_run_folder(tmp_path, capsys, setting):
    path = write_preset(tmp_path, preset_text("[data]\ndataset = 'moons'\n[training]\nloss = 'cross_entropy'\n"))
    if setting.startswith("training"):
        path = write_preset(tmp_path, GOOD)  # iris: three classes
    code, err = run_cli(capsys, "train", str(path), "--set", setting, "--runs-dir", str(tmp_path / "runs"))
    assert_one_clear_line(code, err)
    assert list((tmp_path / "runs").iterdir()) == []


TOML_PIECES = st.sampled_from([
    "[training]\n", "[model]\n", "[data]\n", "[sweep]\n", "[tune]\n", "[[x]]\n", "lr = ", "hidden = ", "dataset = ", "name = ",
    "'training.lr' = ", "nan", "inf", "-inf", "1e400", "[", "]", "{", "}", "=", '"', "'", "\n", ",", "true", "0", "-1",
    "'iris'", "'../x'", "[8, 9]", "# comment", "\\u0000", "\x00", "é", "\ufeff",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(TOML_PIECES, max_size=25).map("".join))
def test_any_preset_text_loads_or_is_a_config_error_never_another_exception(tmp_path_factory, text):
    from tui.core.config import load_config
    from tui.core.errors import ConfigError

    path = tmp_path_factory.mktemp("fuzz") / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as error:
        assert str(error).strip() and "fuzz.toml" in str(error)


@pytest.mark.parametrize("bound", ["low = nan, high = 0.1", "low = 0.001, high = inf"])
def test_nan_or_inf_in_a_tune_range_names_the_key(tmp_path, capsys, bound):
    path = write_preset(tmp_path, GOOD + f"[tune]\n'training.lr' = {{{bound}}}\n")
    code, err = run_cli(capsys, "tune", str(path), "--storage", "memory", "--no-save")
    assert_one_clear_line(code, err, "tune.training.lr", "finite")


def test_a_tune_seed_past_2_to_the_32_is_refused_by_name(tmp_path, capsys):
    path = write_preset(tmp_path, GOOD + "[tune]\nseed = 1099511627776\n'training.lr' = [0.1, 0.2]\n")
    code, err = run_cli(capsys, "tune", str(path), "--storage", "memory", "--no-save")
    assert_one_clear_line(code, err, "tune.seed: at most 4294967295")
