"""The commands speak Spanish when asked: every --help text, their printed lines and their errors
(docs/DESIGN.md §Languages); their English is what it was."""

from __future__ import annotations

import argparse
from types import SimpleNamespace

import pytest
from rich.console import Console

from tests.cli.helpers import assert_one_clear_line, run_cli
from tui.cli import build_parser
from tui.commands.runs import list_table
from tui.commands.sweep import results_table
from tui.commands.tune import finished_text, trial_line
from tui.core.events import Finished
from tui.worker.parent import UNFINISHED, ProcessEnded, error_line


def helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Every help text of every command's options and arguments, by 'command option'."""
    found = {}
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        found[name] = command.description or ""
        for action in command._actions:
            if action.help and action.help != argparse.SUPPRESS and action.dest != "help":
                found[f"{name} {action.dest}"] = action.help
        for sub in (a for a in command._actions if isinstance(a, argparse._SubParsersAction)):
            for sub_name, sub_command in sub.choices.items():
                for action in sub_command._actions:
                    if action.help and action.dest != "help":
                        found[f"{name} {sub_name} {action.dest}"] = action.help
    for choice in commands._choices_actions:
        found[f"{choice.dest} (in the list)"] = choice.help or ""
    return found


def test_every_help_text_of_every_command_is_spanish(spanish):
    spanish_helps = helps(build_parser())
    from tui.core.i18n import set_language

    set_language("en")
    english_helps = helps(build_parser())
    assert spanish_helps.keys() == english_helps.keys()
    same = {key: text for key, text in spanish_helps.items() if text and text == english_helps[key]}
    assert not same, same
    assert "opcionalmente con PRESET" in spanish_helps["app (in the list)"]


def test_train_help_in_spanish_has_no_english_left(spanish, capsys):
    try:
        build_parser().parse_args(["train", "--help"])
    except SystemExit:
        pass
    shown = " ".join(capsys.readouterr().out.split())
    assert "continúa una ejecución detenida o interrumpida" in shown and "sin salida para personas" in shown
    assert "write one JSON object" not in shown and "human-readable" not in shown


def test_a_commands_error_is_one_spanish_line(spanish, capsys):
    code, err = run_cli(capsys, "explain", "iris", "--steps", "0")
    assert_one_clear_line(code, err, "--steps: 0 no es un número de pasos; da 1 o más")


def test_bench_option_errors_are_spanish(spanish):
    from tui.commands.bench import positive_int

    with pytest.raises(argparse.ArgumentTypeError, match=r"^debe ser al menos 1 \(se recibió 0\)$"):
        positive_int("0")


def test_runs_says_there_are_none_in_spanish(spanish, tmp_path):
    console = Console(record=True, width=200)
    list_table(console, tmp_path)
    assert console.export_text().startswith(f"Aún no hay ejecuciones en {tmp_path}.")


def trial(**fields: object) -> SimpleNamespace:
    base = {"number": 3, "params": {"training.lr": 0.05}, "value": 0.123456789, "state": "complete", "epochs": 1,
            "seconds": 2.25, "message": "", "best_number": 3}
    return SimpleNamespace(**(base | fields))


def test_a_trial_line_in_english_is_as_before():
    english = trial_line(trial(), "val_loss")
    assert english.startswith("trial   3  ") and english.endswith("val_loss=0.123457  complete (1 epoch, 2.2 s) ★ best so far")


def test_a_trial_line_and_the_studys_end_in_spanish(spanish):
    line = trial_line(trial(epochs=2), "val_loss")
    assert line.startswith("prueba   3  ")
    assert line.endswith("val_loss=0,123457  completa (2 épocas, 2,2 s) ★ la mejor hasta ahora")
    ended = SimpleNamespace(ran=2, complete=1, pruned=1, failed=0, total=5, stopped=True, best_number=None)
    assert finished_text(ended) == ("Detenida antes de tiempo. 2 pruebas aquí (1 completas, 1 podadas, 0 fallidas), 5 en el "
                                    "estudio; ninguna prueba se completó, así que aún no hay mejor.")


def test_the_sweep_table_in_spanish(spanish):
    finished = Finished(reason="early_stop", epochs=4, best_epoch=2, best=0.5, run_dir=None, monitor="val_loss",
                        seconds=1.25, metrics={"train_loss": 0.25, "val_loss": 0.5, "val_accuracy": 0.875})
    console = Console(record=True, width=120)
    console.print(results_table("training.lr", [("0.1", finished)]))
    shown = console.export_text()
    assert "Barrido de training.lr (mejor: val_loss; pérdidas: última época)" in shown
    assert "parada temprana" in shown and "0,5000 @2" in shown and "87,5%" in shown and "1,2" in shown


def test_a_training_process_that_died_says_so_in_the_readers_language(spanish):
    died = ProcessEnded(UNFINISHED["sweep"], -9, "")
    assert str(died) == "the training process ended without finishing the sweep (killed by signal 9)"  # as logged
    assert error_line(died) == ("RuntimeError: el proceso de entrenamiento terminó sin acabar el barrido "
                                "(terminado por la señal 9)")
    assert error_line(ProcessEnded(UNFINISHED["train"], 1, "MemoryError")).endswith("(código de salida 1: MemoryError)")


PAIRS = [(1000.0, {"steps_per_second": [950.0, 1100.0], "key_latency_p95_ms": 12.5, "model_panel_open": True}),
         (1200.0, {"steps_per_second": [1000.0, 1250.0], "key_latency_p95_ms": 20.25, "model_panel_open": True})]


def table_text(table: object) -> str:
    console = Console(record=True, width=160)
    console.print(table)
    return " ".join(console.export_text().split())  # a title wraps to the table's width


def test_the_benchs_app_tables_in_english_are_as_before():
    from tui.bench.engine import app_table, regions_table

    shown = table_text(app_table(PAIRS))
    assert "Live app vs headless (same config; ratios: median and range of 2 back-to-back pairs)" in shown
    assert "headless engine" in shown and "1,100" in shown and "1.00×" in shown and "1,000 – 1,200" in shown
    assert "app, run 2 in the same app" in shown and "1.04× – 1.10×" in shown and "20.2" in shown
    assert "app, decision regions drawn" in table_text(regions_table(PAIRS))


def test_the_benchs_app_tables_in_spanish(spanish):
    from tui.bench.engine import app_table, regions_table

    shown = table_text(app_table(PAIRS))
    assert "App en vivo frente a headless" in shown and "motor headless" in shown
    assert "1.100" in shown and "1,00×" in shown and "1.000 – 1.200" in shown and "1,04× – 1,10×" in shown
    assert "app, ejecución 2 en la misma app" in shown and "tecla atendida, p95 ms (peor)" in shown
    assert "app, regiones de decisión dibujadas" in table_text(regions_table(PAIRS))
