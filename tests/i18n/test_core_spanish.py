"""The config's and the data's messages in Spanish: made English (they travel in errors), read in Spanish where
shown — pydantic's own words included, a preset's or --set's prefix, a file's name before a CSV problem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.app.form_fields import errors_by_field
from tui.core.config import load_config, validate_config
from tui.core.errors import ConfigError, DataError
from tui.core.i18n import translated
from tui.core.paces import pace_text
from tui.core.plan import steps_arithmetic
from tui.core.presets import resolve_preset
from tui.data.loading import load_raw


def problem_of(raw: dict) -> str:
    with pytest.raises(ConfigError) as caught:
        validate_config(raw)
    return str(caught.value)


@pytest.mark.parametrize("raw, english, in_spanish", [
    ({"training": {"lr": -1}}, "training.lr: Input should be greater than 0 (got -1)",
     "training.lr: debe ser mayor que 0 (recibido: -1)"),
    ({"training": {"epochs": "x"}}, "training.epochs: Input should be a valid integer (got 'x')",
     "training.epochs: debe ser un número entero (recibido: 'x')"),
    ({"data": {"task": "x"}}, "data.task: Input should be 'classification' or 'regression' (got 'x')",
     "data.task: debe ser 'classification' o 'regression' (recibido: 'x')"),
    ({"training": {"optimizer": "adm"}},
     "training.optimizer: unknown optimizer 'adm' (did you mean 'adam'?); allowed: sgd, adam, adamw, rmsprop, adagrad (got 'adm')",
     "training.optimizer: valor desconocido para optimizer: 'adm' (¿quisiste decir 'adam'?); "
     "se admite: sgd, adam, adamw, rmsprop, adagrad (recibido: 'adm')"),
    ({"trainin": {}}, "trainin: unknown key (did you mean 'training'?); allowed keys: ",
     "trainin: clave desconocida (¿quisiste decir 'training'?); claves admitidas: "),
    ({"training": {"schedule": {"kind": "step"}}}, "training.schedule: the 'step' schedule needs 'step_size'",
     "training.schedule: el schedule 'step' necesita 'step_size'"),
])
def test_config_problems_are_made_in_english_and_read_in_spanish(spanish, raw, english, in_spanish):
    made = problem_of(raw)
    assert made.startswith(english)  # what the error carries stays English
    assert translated(made).startswith(in_spanish)


def test_a_preset_files_name_and_a_set_prefix_are_kept_before_the_spanish(spanish, tmp_path):
    preset = tmp_path / "mine.toml"
    preset.write_text("[training]\nlr = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as from_file:
        load_config(preset)
    assert translated(str(from_file.value)) == "mine.toml: training.lr: debe ser mayor que 0 (recibido: -1)"
    with pytest.raises(ConfigError) as from_set:
        load_config(resolve_preset("iris"), ["training.lr=-1"])
    assert translated(str(from_set.value)) == "--set training.lr: debe ser mayor que 0 (recibido: -1)"
    with pytest.raises(ConfigError) as no_file:
        resolve_preset(str(tmp_path / "gone.toml"))
    assert translated(str(no_file.value)).endswith("gone.toml: no existe ese archivo de preset")


def test_the_forms_messages_are_spanish(spanish, iris_config):
    with pytest.raises(ConfigError) as caught:
        validate_config({"training": {"lr": 0}, "name": "a/b"})
    by_field, general = errors_by_field(caught.value.problems, {"data.dataset": "iris"})
    assert by_field["training.lr"] == "debe ser mayor que 0 (recibido: 0)"
    assert by_field["name"].startswith("debe tener de 1 a 64 letras")


def csv_error(tmp_path: Path, content: str, **fields) -> str:
    path = tmp_path / "data.csv"
    path.write_text(content, encoding="utf-8")
    config = validate_config({"data": {"dataset": "csv", "path": str(path), "target": "label", **fields}}).data
    with pytest.raises(DataError) as caught:
        load_raw(config, 0)
    return str(caught.value)


def test_csv_problems_are_read_in_spanish_naming_the_file_and_line(spanish, tmp_path):
    made = csv_error(tmp_path, "a,lable\n1,x\n2,y\n")
    assert made.startswith("data.target: no column 'label' in ")
    assert translated(made).startswith("data.target: no hay columna 'label' en ")
    assert translated(made).endswith("(¿quisiste decir 'lable'?); columnas: a, lable")
    blank = translated(csv_error(tmp_path, "a,label\n1,x\n,y\n3,x\n4,y\n"))
    assert "1 filas tienen celdas vacías o NaN (a: 1; la primera en la línea 3)" in blank
    header_only = translated(csv_error(tmp_path, "a,label\n"))
    assert header_only.endswith("data.csv: solo hay una fila de encabezado (a, label), ninguna fila de datos")


def test_words_shown_at_once_are_spanish_with_the_languages_numbers(spanish):
    assert pace_text(None) == "máxima velocidad"
    assert pace_text(0.5) == "0,5 pasos/s" and pace_text(1) == "1 paso/s"
    assert steps_arithmetic(1200, 16 * 10) == "⌈1.200 / 160⌉ = 8 (redondeado hacia arriba: el último lote es más chico, 80 ejemplos)"


def test_the_cli_prints_a_bad_set_in_spanish_and_exits_2():
    env = {**os.environ, "NN_TUI_LANG": "es"}
    shown = subprocess.run([sys.executable, "-m", "tui", "train", "iris", "--no-save", "--set", "training.lr=-1"],
                           capture_output=True, text=True, env=env)
    assert shown.returncode == 2
    assert shown.stderr.strip() == "nn-tui: error: --set training.lr: debe ser mayor que 0 (recibido: -1)"


def test_the_setup_form_marks_a_bad_value_in_spanish(spanish, iris_config):
    from tests.app.helpers import row, run, type_into
    from tui.app.app import NNTuiApp

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await type_into(pilot, "training.epochs", "1.5")
            assert row(app, "training.epochs").error_text.endswith("debe ser un número entero (recibido: 1.5)")

    run(scenario())
