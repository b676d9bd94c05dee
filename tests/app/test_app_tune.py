"""The tuning screen inside the real app: Ctrl+T tunes the form's config, 'use best' loads the result into the form."""

from __future__ import annotations

from textual.widgets import Input

from tests.app.helpers import row, type_into
from tests.factories import tune_config
from tui.app.app import NNTuiApp
from tui.app.screens.tune import TuneScreen

from .test_tune_screen import sync


@sync
async def test_ctrl_t_tunes_the_form_config_and_use_best_loads_it_into_the_form(tmp_path):
    config = tune_config({"trials": 2, "sampler": "random", "seed": 2, "training": {"lr": [0.01, 0.3]}, "model": {"hidden": [[4], [6]]}})
    app = NNTuiApp(config, runs_root=tmp_path / "runs")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TuneScreen) and screen.config == config
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        best = screen.best_params
        assert best is not None and set(best) == {"training.lr", "model.hidden"}
        assert best["training.lr"] == float(f"{best['training.lr']:.3g}")  # 0.0142, not 0.014249271...
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is app.setup_screen
        form = app.setup_screen.config
        assert form is not None
        assert (form.training.lr, form.model.hidden) == (best["training.lr"], best["model.hidden"])
        lr = row(app, "training.lr").query_one(Input)
        assert lr.cursor_position == len(lr.value)  # typing goes after the value, not into it


@sync
async def test_a_value_replaced_in_the_form_leaves_the_cursor_at_its_end(tmp_path):
    config = tune_config()
    app = NNTuiApp(config, runs_root=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_into(pilot, "training.lr", "0.5")
        await pilot.press("home")
        app.load_config_into_form(config.model_copy(update={"training": config.training.model_copy(update={"lr": 0.0142})}))
        await pilot.pause()
        await pilot.press("9")
        assert row(app, "training.lr").value == "0.01429"


def test_ctrl_t_with_a_bad_value_in_the_form_says_what_to_fix_instead_of_tuning_another_config(tmp_path):
    from tests.app.helpers import record_notifications, run, type_into

    async def scenario():
        app = NNTuiApp(tune_config(), runs_root=tmp_path / "runs")
        async with app.run_test(size=(120, 40)) as pilot:
            notes = record_notifications(app)
            await type_into(pilot, "training.lr", "-1")
            await pilot.press("ctrl+t")
            await pilot.pause()
            assert app.screen is app.setup_screen
            assert any(note.startswith("Cannot tune: training.lr") for note in notes), notes

    run(scenario())
