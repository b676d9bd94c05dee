"""The screens speak Spanish when asked: their words, the run and trial statuses, and numbers with a decimal comma.
What the screens show in English is what their own tests (and snapshots) check."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

from textual.widgets import DataTable, Label, Static

from tests.app.helpers import record_notifications, type_into, wait_until
from tests.app.test_runs_screen import Host as RunsHost
from tests.app.test_runs_screen import make_runs
from tests.app.test_sweep_screen import Host as SweepHost
from tests.app.test_sweep_screen import scripted, sweep_config
from tests.app.test_tune_screen import Host as TuneHost
from tests.app.test_tune_screen import column, fake_study
from tests.factories import tune_config, tune_raw
from tui.app.app import NNTuiApp
from tui.app.screens.more_epochs import epochs_problem
from tui.app.screens.runs import RunsScreen
from tui.app.screens.sweep import SweepScreen
from tui.app.screens.tune import TuneScreen
from tui.app.widgets.plan_panel import PlanPanel
from tui.core.config import validate_config
from tui.core.events import Event
from tui.text.status_words import status_word


def headers(table: DataTable) -> list[str]:
    return [str(col.label) for col in table.columns.values()]


def test_statuses_stay_english_in_english_and_read_in_spanish_in_spanish(spanish):
    assert status_word("early_stop") == "parada temprana" and status_word("pruned") == "podada"
    assert status_word("something new") == "something new"  # a word nn-tui does not know is shown as it is


def test_statuses_are_the_vocabularys_words_in_english():
    assert [status_word(w) for w in ("completed", "early_stop", "running", "waiting")] == ["completed", "early_stop", "running", "waiting"]


def test_the_epochs_problem_names_the_key_and_speaks_spanish(spanish):
    assert epochs_problem("3", 5) == "training.epochs: un número entero mayor que 5 (las épocas que ya entrenó)"


def test_the_runs_screen_in_spanish(spanish, tmp_path):
    root = tmp_path / "runs"
    make_runs(root)

    async def scenario():
        app = RunsHost(root)
        async with app.run_test(size=(150, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RunsScreen)
            table = screen.query_one(DataTable)
            assert headers(table) == ["", "ejecución", "fecha", "datos", "modelo", "optimizador", "lr", "lote", "épocas", "fin", "mejor"]
            row = table.get_row_at(0)
            assert row[-2] == "completada"
            assert row[-1].startswith("val_loss 0,") and "." not in row[-1].removeprefix("val_loss")  # the decimal comma
            assert str(screen.query_one("#runs-title", Label).render()).startswith("Ejecuciones en ")
            status = str(screen.query_one("#runs-status", Label).render())
            assert status.startswith("0 elegidas · space: gráfico · m: métrica (loss)") and status.endswith("esc: volver")

    asyncio.run(scenario())


def test_the_sweep_screen_in_spanish(spanish):
    async def scenario():
        screen = SweepScreen(sweep_config(), source=scripted)
        async with SweepHost(screen).run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: not screen.running)
            await pilot.pause()
            table = screen.query_one(DataTable)
            assert headers(table) == ["valor", "estado", "época", "loss entr.", "loss val.", "mejor"]
            assert [str(table.get_cell(str(i), "status")) for i in range(2)] == ["completada", "completada"]
            assert "," in str(table.get_cell("0", "best")) and "," in str(table.get_cell("0", "train loss"))
            assert str(screen.query_one("#sweep-title", Label).render()).endswith("(misma semilla, datos y pesos iniciales)")
            assert str(screen.query_one("#sweep-status", Label).render()) == "Listo: 2 de 2 ejecuciones. escape vuelve."

    asyncio.run(scenario())


def test_a_study_in_spanish(spanish):
    config = tune_config({"trials": 8, "training": {"lr": {"low": 1e-4, "high": 0.3, "log": True}}})
    screen = TuneScreen(config.model_copy(update={"name": "tune-iris"}), source=fake_study)

    async def scenario():
        async with TuneHost(screen).run_test(size=(120, 40)) as pilot:
            assert str(screen.query_one("#tune-status", Static).render()) == "Presiona s para iniciar la búsqueda."
            await pilot.press("s")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            screen.flush_table()
            table = screen.query_one("#trials", DataTable)
            assert "estado" in headers(table)
            assert column(table, "state")[:6] == ["completa", "completa", "completa", "completa", "podada", "falló"]
            assert column(table, "value")[0] == "1,086800"
            assert str(screen.query_one("#running", Static).render()) == "Prueba 7: época 12/30, val_loss 0,2513 (mejor 0,2513)"
            assert str(screen.query_one("#tune-header", Static).render()).startswith("Búsqueda en tune-iris: 8 pruebas, minimizar val_loss")
            best = str(screen.query_one("#best", Static).render())
            assert best.startswith("Mejor hasta ahora: prueba 6\n  val_loss = 0,071400")
            assert best.endswith("Presiona b para usar esta configuración.")

    asyncio.run(scenario())


def test_without_a_tune_section_the_words_are_spanish_and_the_example_stays_toml(spanish):
    def source(stop: threading.Event) -> Iterator[Event]:
        return iter(())

    screen = TuneScreen(validate_config(tune_raw(tune=None)), source=source)

    async def scenario():
        async with TuneHost(screen).run_test(size=(120, 40)):
            text = str(screen.query_one("#no-tune", Static).render())
            assert text.startswith("Esta config no tiene sección [tune], así que no hay nada que buscar.\nAgrega una al preset")
            assert "  [tune]\n  trials = 20\n  training.lr = {low = 1e-4, high = 1.0, log = true}\n" in text
            assert text.endswith("o abre el preset tune-iris o tune-moons.")

    asyncio.run(scenario())


def test_the_setup_form_in_spanish(spanish, iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            titles = [str(label.render()) for label in app.screen.query(".section-title")]
            assert titles == ["Ejecución", "Datos", "Modelo", "Entrenamiento", "Parada temprana"]
            notes = record_notifications(app)
            await type_into(pilot, "training.lr", "abc")
            assert app.screen.query_one(PlanPanel).plain == "✗ Corrige el campo marcado para ver el plan."
            await pilot.press("f5")
            assert any(note.startswith("No se puede iniciar: training.lr: ") for note in notes)

    asyncio.run(scenario())
