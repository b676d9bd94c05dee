"""The setup form driven like a person would: typing, a bad value and its message, presets."""

from __future__ import annotations

import tomllib

from textual.widgets import OptionList, Select

from tests.app.helpers import record_notifications, row, run, type_into, wait_until
from tui.app.app import NNTuiApp
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.preset_picker import PresetPicker
from tui.app.screens.save_preset import SavePresetScreen
from tui.app.screens.setup import SetupScreen
from tui.app.widgets.plan_panel import PlanPanel
from tui.core.config import validate_config
from tui.core.presets import user_dir


def test_a_bad_value_is_marked_with_the_engines_message_and_start_is_refused(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            notes = record_notifications(app)
            await type_into(pilot, "training.lr", "abc")
            lr = row(app, "training.lr")
            assert lr.has_class("-invalid")
            assert "must be a number" in lr.error_text and "abc" in lr.error_text
            await pilot.press("f5")
            assert isinstance(app.screen, SetupScreen)
            assert any("Cannot start" in n and "training.lr" in n for n in notes)
            await type_into(pilot, "training.lr", "0.05")
            assert not lr.has_class("-invalid")
            assert app.screen.config.training.lr == 0.05

    run(scenario())


def test_the_plan_follows_the_batch_size_in_the_lectures_terms(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            panel = app.screen.query_one(PlanPanel)
            assert "⌈120 / 120⌉ = 1" in panel.plain and "batch gradient descent" in panel.plain
            assert "151 parameters" in panel.plain  # 4·8+8 + 8·9+9 + 9·3+3
            await type_into(pilot, "training.batch_size", "32")
            assert "⌈120 / 32⌉ = 4" in panel.plain and "mini-batch" in panel.plain
            assert "4 × 100 epochs = 400" in panel.plain
            await type_into(pilot, "training.batch_size", "1")
            assert "stochastic" in panel.plain
            await type_into(pilot, "model.hidden", "16")
            assert "4 → 16 → 3" in panel.plain and "131 parameters" in panel.plain

    run(scenario())


def test_choosing_csv_shows_its_fields_and_asks_for_them(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            assert not row(app, "data.path").display
            row(app, "data.dataset").query_one(Select).value = "csv"
            await pilot.pause()
            assert row(app, "data.path").display and row(app, "data.target").display
            assert "needs both 'path'" in row(app, "data.path").error_text

    run(scenario())


def test_open_preset_lists_presets_and_loads_the_chosen_one(iris_config, monkeypatch):
    from tests.app.backprop_helpers import in_process
    from tui.app.screens import explain

    monkeypatch.setattr(explain, "explain_in_child", in_process)  # worked-example opens the Backprop screen

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("ctrl+o")
            picker = app.screen
            assert isinstance(picker, PresetPicker)
            names = [p.name for p in picker.presets]
            assert "iris" in names and "worked-example" in names
            picker.query_one(OptionList).highlighted = names.index("worked-example")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, explain.ExplainScreen)  # its [view] open = "backprop"
            await pilot.press("escape")
            setup = app.screen
            assert isinstance(setup, SetupScreen)
            assert row(app, "data.dataset").value == "inline"
            assert row(app, "model.hidden").value == "2"
            assert row(app, "training.optimizer").value == "sgd"
            assert setup.config is not None and setup.config.model.init is not None  # kept though not in the form

    run(scenario())


def test_save_preset_writes_toml_and_asks_before_overwriting(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, SavePresetScreen)
            await pilot.press("home", "ctrl+k", *"bad/name", "enter")
            assert isinstance(app.screen, SavePresetScreen)  # refused: not a preset name
            await pilot.press("home", "ctrl+k", *"mine", "enter")
            await pilot.pause()
            path = user_dir() / "mine.toml"
            saved = validate_config(tomllib.loads(path.read_text()))
            assert saved.name == "mine" and saved.model.hidden == [8, 9]

            await type_into(pilot, "training.lr", "0.02")
            for answer, expected_lr in (("n", 0.1), ("y", 0.02)):
                await pilot.press("ctrl+s")
                await pilot.press("home", "ctrl+k", *"mine", "enter")
                await pilot.pause()
                assert isinstance(app.screen, ConfirmScreen)
                await pilot.press(answer)
                await pilot.pause()
                if answer == "n":
                    await pilot.press("escape")
                assert validate_config(tomllib.loads(path.read_text())).training.lr == expected_lr
            await wait_until(pilot, lambda: isinstance(app.screen, SetupScreen))

    run(scenario())


def test_a_config_from_another_screen_is_loaded_into_the_form(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            other = iris_config.model_copy(update={"training": iris_config.training.model_copy(update={"lr": 0.003, "epochs": 7})})
            app.load_config_into_form(other)
            await pilot.pause()
            assert row(app, "training.lr").value == "0.003" and row(app, "training.epochs").value == "7"
            assert app.screen.config == other

    run(scenario())


def test_a_too_small_terminal_gets_a_message_instead_of_a_broken_screen(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            notice = app.screen.query_one("#size-notice")
            assert notice.display and "at least 80×24" in str(notice.render())
            assert not app.screen.query_one("#setup-body").display

    run(scenario())


def test_typing_a_presets_name_in_the_picker_jumps_to_it(iris_config):
    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("ctrl+o")
            picker = app.screen
            names = [p.name for p in picker.presets]
            await pilot.press(*"overf")
            assert picker.query_one(OptionList).highlighted == names.index("overfitting")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SetupScreen) and row(app, "model.hidden").value == "128, 128"

    run(scenario())


def test_a_csv_that_cannot_be_read_is_marked_beside_its_field_and_start_is_refused(iris_config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short relative paths: typing is key by key
    data = tmp_path / "fruit.csv"
    data.write_text("weight,hue,fruit\n1,2,apple\n3,4,pear\n5,6,apple\n7,8,pear\n", encoding="utf-8")

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            notes = record_notifications(app)
            setup = app.screen
            row(app, "data.dataset").query_one(Select).value = "csv"
            await pilot.pause()
            await type_into(pilot, "data.path", "missing.csv")
            await type_into(pilot, "data.target", "fruit")
            await wait_until(pilot, lambda: row(app, "data.path").has_class("-invalid"))
            assert "no such file" in row(app, "data.path").error_text
            await pilot.press("f5")
            assert app.screen is setup and any("Cannot start" in n and "no such file" in n for n in notes)

            await type_into(pilot, "data.target", "colour")
            await type_into(pilot, "data.path", data.name)
            # Once the file is read, the column picker offers its columns: "colour" is none, the last column is offered
            await wait_until(pilot, lambda: "4 examples" in app.screen.query_one(PlanPanel).plain)
            assert setup.picker.target == "fruit" and row(app, "data.target").value == "fruit"
            assert setup.data_problem == "" and not row(app, "data.path").has_class("-invalid")

    run(scenario())
