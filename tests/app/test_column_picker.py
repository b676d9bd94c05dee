"""The CSV workflow in the setup form: the column picker, the task and its losses, switching data, saving."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Select, SelectionList

from tests.app.helpers import record_notifications, row, run, type_into, wait_until
from tui.app.app import NNTuiApp
from tui.app.screens.setup import SetupScreen
from tui.app.widgets.plan_panel import PlanPanel
from tui.core.config import load_config, validate_config
from tui.core.presets import resolve_preset, user_dir
from tui.data.catalog import dataset_shape

# A penguins-like file: an R row index, text columns, a blank and an NA.
PENGUINS = '"rownames","species","island","bill","flipper","mass","sex"\n' + "".join(
    f'"{i}","{"AGC"[i % 3]}","{"TBD"[i % 2]}",{30 + (i * 7) % 19}.5,{180 + (i * 5) % 31},'
    f'{"" if i == 7 else 3000 + (i * 37) % 900},"{"NA" if i == 9 else "mf"[i % 2]}"\n'
    for i in range(1, 61)
)


def penguins(folder: Path, name: str = "penguins.csv") -> Path:
    path = folder / name
    path.write_text(PENGUINS, encoding="utf-8")
    return path


def csv_config(path: Path | str, target: str = "species", **training):
    return validate_config(
        {
            "name": "mine",
            "data": {"dataset": "csv", "path": str(path), "target": target, "drop_missing": True},
            "model": {"hidden": [4]},
            "training": {"epochs": 2, "device": "cpu", "batch_size": 16, **training},
        }
    )


class TrainsHere:
    """The real Trainer on the app's worker thread; keeps the features it trained on."""

    def __init__(self) -> None:
        self.features: list[str] | None = None

    def __call__(self, config, runs_root, stop, pause):
        from tui.training.trainer import Trainer

        trainer = Trainer(config, stop=stop, pause=pause)
        yield from trainer.run()
        assert trainer.dataset is not None
        self.features = trainer.dataset.feature_names


def features_list(app: NNTuiApp) -> SelectionList:
    return app.screen.query_one("#column-features", SelectionList)


def prompts(app: NNTuiApp) -> dict[str, str]:
    listed = features_list(app)
    return {str(listed.get_option_at_index(i).value): str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)}


def test_the_picker_lists_the_columns_and_f5_trains_on_the_ticked_ones(tmp_path):
    source = TrainsHere()

    async def scenario():
        app = NNTuiApp(csv_config(penguins(tmp_path)), runs_root=None, event_source=source)
        async with app.run_test(size=(120, 50)) as pilot:
            setup = app.screen
            await wait_until(pilot, lambda: setup.picker.shown)
            listed = prompts(app)
            assert "species" not in listed  # the target
            assert listed["rownames"] == "rownames  integer — row index: its name"
            assert listed["island"] == "island  text, one-hot"
            assert listed["mass"] == "mass  integer · 1 missing"
            assert set(features_list(app).selected) == {"island", "bill", "flipper", "mass", "sex"}  # text: one-hot
            await wait_until(pilot, lambda: not row(app, "data.target").display)  # the picker's target replaces the text field
            assert setup.config is not None and setup.config.data.features is None  # as inferred: left to the loader

            for name in ("flipper", "island", "sex"):
                features_list(app).deselect(name)
            await pilot.pause()
            assert setup.config.data.features == ["bill", "mass"]
            assert "2 of 6: bill, mass" in str(setup.query_one("#column-summary").render())
            await wait_until(pilot, lambda: "2 features" in setup.query_one(PlanPanel).plain)
            await pilot.press("f5")
            await wait_until(pilot, lambda: source.features is not None)
            assert source.features == ["bill", "mass"]

    run(scenario())


def test_choosing_another_target_relists_the_features(tmp_path):
    async def scenario():
        app = NNTuiApp(csv_config(penguins(tmp_path)), runs_root=None)
        async with app.run_test(size=(120, 50)) as pilot:
            setup = app.screen
            await wait_until(pilot, lambda: setup.picker.shown)
            setup.query_one("#column-target", Select).value = "island"
            await pilot.pause()
            assert "island" not in prompts(app) and "species" in prompts(app)
            assert setup.config is not None and setup.config.data.target == "island"
            assert row(app, "data.target").value == "island"  # kept for when the picker goes
            await wait_until(pilot, lambda: "2 classes" in setup.query_one(PlanPanel).plain)

    run(scenario())


def test_a_loss_that_does_not_fit_the_task_is_marked_before_f5(tmp_path):
    async def scenario():
        # 'mass' holds many whole numbers: a regression target, read from the file
        app = NNTuiApp(csv_config(penguins(tmp_path), target="mass", loss="cross_entropy"), runs_root=None)
        async with app.run_test(size=(120, 50)) as pilot:
            notes = record_notifications(app)
            loss = row(app, "training.loss")
            await wait_until(pilot, lambda: loss.has_class("-invalid"))
            assert "regression" in loss.error_text and "mse" in loss.error_text
            assert loss.control.value == "cross_entropy"
            assert [value for _, value in loss.control._options] == ["mse", "mae", "half_sse", "huber", "cross_entropy"]
            await pilot.press("f5")
            assert isinstance(app.screen, SetupScreen) and any("Cannot start" in n and "training.loss" in n for n in notes)

            loss.control.value = "mse"
            await wait_until(pilot, lambda: not loss.has_class("-invalid") and "regression" in app.screen.query_one(PlanPanel).plain)
            assert [value for _, value in loss.control._options] == ["mse", "mae", "half_sse", "huber"]

            row(app, "data.task").control.value = "classification"  # the task field: the loss list follows it at once
            await pilot.pause()
            assert loss.has_class("-invalid") and "classification" in loss.error_text

    run(scenario())


def test_pointing_the_csv_example_at_another_file_clears_what_was_written_for_the_old_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    penguins(tmp_path)

    async def scenario():
        app = NNTuiApp(load_config(resolve_preset("csv-example")), runs_root=None)
        async with app.run_test(size=(120, 50)) as pilot:
            setup = app.screen
            assert row(app, "data.task").value == "classification" and "fruit" in str(setup.query_one("#description").render())
            await type_into(pilot, "data.path", "penguins.csv")
            await wait_until(pilot, lambda: setup.picker.shown and setup.picker.path == "penguins.csv")
            await wait_until(pilot, lambda: "2 classes" in setup.query_one(PlanPanel).plain)
            assert setup.config is not None, setup.problems
            assert setup.config.data.features is None and setup.config.data.task is None
            assert row(app, "data.task").value == "auto"
            assert setup.config.data.target == "sex"  # the old target is not a column here: the last column is offered
            setup.query_one("#column-target", Select).value = "species"
            await wait_until(pilot, lambda: "3 classes" in setup.query_one(PlanPanel).plain)
            assert "weight_g" not in setup.query_one(PlanPanel).plain and setup.data_problem == ""
            assert setup.config.name == "penguins" and setup.base["description"] == ""
            assert str(setup.query_one("#description").render()) == ""

            await type_into(pilot, "name", "mine")
            await type_into(pilot, "data.path", "penguins2.csv")  # a name the user typed stays
            assert row(app, "name").value == "mine"

    run(scenario())


def test_ctrl_s_writes_a_csv_path_the_saved_preset_can_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    penguins(tmp_path / "data")

    async def scenario():
        app = NNTuiApp(csv_config("data/penguins.csv"), runs_root=None)
        async with app.run_test(size=(120, 50)) as pilot:
            await wait_until(pilot, lambda: app.screen.config is not None and app.screen.picker.shown)
            await pilot.press("ctrl+s")
            await pilot.press("home", "ctrl+k", *"mine", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, SetupScreen))

    run(scenario())
    preset = user_dir() / "mine.toml"
    saved = tomllib.loads(preset.read_text(encoding="utf-8"))
    assert saved["data"]["path"] == str(tmp_path.resolve() / "data" / "penguins.csv")  # outside the preset folder: absolute
    monkeypatch.chdir("/")
    reopened = load_config(preset)
    assert dataset_shape(reopened.data).n_examples == 58  # the rows with a blank mass and an NA sex dropped


def test_a_csv_beside_the_preset_is_saved_relative_to_it(tmp_path):
    from tui.app.preset_files import write_preset

    user_dir().mkdir(parents=True, exist_ok=True)
    data = penguins(user_dir(), "beside.csv")
    preset = write_preset(csv_config(data), "beside")
    assert tomllib.loads(preset.read_text(encoding="utf-8"))["data"]["path"] == "beside.csv"
    assert load_config(preset).data.path == str(data.resolve())


def test_a_blank_cell_is_marked_on_the_drop_missing_field(tmp_path):
    config = csv_config(penguins(tmp_path)).model_dump()
    config["data"]["drop_missing"] = False

    async def scenario():
        app = NNTuiApp(validate_config(config), runs_root=None)
        async with app.run_test(size=(120, 50)) as pilot:
            drop = row(app, "data.drop_missing")
            await wait_until(pilot, lambda: drop.has_class("-invalid"))
            assert "2 rows have blank or NaN cells (mass: 1, sex: 1" in drop.error_text and "data.drop_missing" in drop.error_text
            drop.control.value = True
            await wait_until(pilot, lambda: not drop.has_class("-invalid") and app.screen.data_problem == "")

    run(scenario())


def test_the_columns_left_out_are_a_notice_under_the_start_line(iris_config):
    import dataclasses

    from tests.app.scripted import classification_run
    from tests.app.scripted_events import ScriptedEvents
    from tui.app.widgets.notices_log import NoticesLog

    note = "Not used as features: rownames (row index: its name); list them in data.features (the column picker) to use them."
    events = classification_run()
    events[0] = dataclasses.replace(events[0], notes=[note])

    async def scenario():
        app = NNTuiApp(iris_config, runs_root=None, event_source=ScriptedEvents(events))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f5")
            await wait_until(pilot, lambda: not getattr(app.screen, "running", True))
            texts = app.screen.query_one(NoticesLog).texts
            assert texts.count(note) == 1 and texts.index(note) == 2  # after "Starting …" and the start line

    run(scenario())
