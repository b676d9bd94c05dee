"""Random text in the setup form's fields: the app never crashes, every problem is shown, F5 refuses.

Two levels. The form-to-config function (no screen, many examples): any text in any field gives a
config or a ConfigError whose every line lands beside a field the form shows, or in the general
problems. Then the real app through Pilot (fewer examples: each starts an app): text pasted into
the fields, and a few nasty values typed key by key as a person would.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input, Static

from tests.app.helpers import form_values, record_notifications, row, run, type_into
from tui.app.app import NNTuiApp
from tui.app.form_fields import FIELDS_BY_KEY, errors_by_field, field_shown, form_to_raw, format_value, parse_field
from tui.app.screens.setup import SetupScreen
from tui.core.config import RunConfig, config_to_dict, load_config, validate_config
from tui.core.errors import ConfigError
from tui.core.keys import get_key
from tui.core.presets import resolve_preset

TEXT_FIELDS = (
    "training.lr", "training.batch_size", "model.hidden", "training.epochs",
    "seed", "data.val_split", "early_stopping.patience", "early_stopping.min_delta",
)
NASTY = (
    "", " ", "0", "-0", "-1", "nan", "NaN", "inf", "-inf", "1e309", "1e-400", "0x10", "1_000", "1e6", "0.5.5",
    "full", "FULL", "True", "None", "'1'", "8,,9", "[8, 9]", "8; 9", "[[8]]", "99999999999999999999999",
    "4294967296", "١٢", "½", "∞", "ｆｕｌｌ", "8 -9", "0.999999999999", "1e-7", "\u2028", "=1", "$(rm -rf x)",
)
# Anything a terminal can put into an input: letters, digits, marks, symbols, spaces (no control codes).
TYPED = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn"))
FIELD_TEXT = st.one_of(st.sampled_from(NASTY), st.text(TYPED, max_size=12), st.from_regex(r"[-+]?[0-9.eE, ]{1,10}", fullmatch=True))
IRIS = load_config(resolve_preset("iris"))


@settings(max_examples=300, deadline=None)
@given(changes=st.dictionaries(st.sampled_from(TEXT_FIELDS), FIELD_TEXT, min_size=1, max_size=4),
       optimizer=st.sampled_from(FIELDS_BY_KEY["training.optimizer"].options))
def test_any_field_text_is_a_config_or_messages_beside_shown_fields(changes, optimizer):
    raw = config_to_dict(IRIS)
    values = form_values(raw) | {"training.optimizer": optimizer} | changes
    try:
        config = validate_config(form_to_raw(raw, values))
    except ConfigError as error:
        by_field, general = errors_by_field(error.problems, values)
        assert by_field or general
        assert all(field_shown(key, values) and text.strip() for key, text in by_field.items())
        return
    assert isinstance(config, RunConfig)
    saved = config_to_dict(config)
    for key, text in changes.items():  # a valid form means what its fields say
        assert same(get_key(saved, key), parse_field(FIELDS_BY_KEY[key], text)), key


def same(saved, typed) -> bool:
    """The config holds the typed value (a number typed as 1 may be kept as 1.0)."""
    if isinstance(saved, list) and isinstance(typed, list):
        return len(saved) == len(typed) and all(map(same, saved, typed))
    if isinstance(saved, (int, float)) and isinstance(typed, (int, float)):
        return math.isclose(saved, typed, rel_tol=1e-12, abs_tol=0.0)
    return saved == typed


async def paste_into(pilot, key: str, text: str) -> None:
    """Focus the field, select its text and paste `text` over it (one change, as a terminal's paste gives)."""
    field = row(pilot.app, key).query_one(Input)
    field.focus()
    field.select_all()
    if text:
        pilot.app.post_message(events.Paste(text))
        await pilot.pause()
    else:
        await pilot.press("backspace")  # an empty paste changes nothing: delete the selection
    assert field.value == text.splitlines()[0] if text.splitlines() else field.value == ""


async def check_form(pilot, notes: list[str]) -> None:
    """Every problem is shown beside its field (or above the form), and F5 is refused while there is one."""
    app = pilot.app
    setup = app.screen
    assert app.is_running and isinstance(setup, SetupScreen)
    marked = {r.spec.key: r for r in setup.rows() if r.has_class("-invalid")}
    if setup.config is not None and not setup.data_problem:
        assert not marked and not setup.problems
        return
    if setup.config is not None:  # the plan found what the config alone cannot (the data, a model too large)
        assert all(row.display for row in marked.values())
        await refused(pilot, notes)
        return
    assert setup.problems
    general = setup.query_one("#form-problems", Static)
    for problem in setup.problems:
        key, _, text = problem.partition(": ")
        if key in marked:
            assert marked[key].display and marked[key].error_text == text
        else:
            assert general.display and problem in str(general.render())
    await refused(pilot, notes)


async def refused(pilot, notes: list[str]) -> None:
    """F5 stays on the form and says why."""
    shown = len(notes)
    await pilot.press("f5")
    assert isinstance(pilot.app.screen, SetupScreen)
    assert len(notes) > shown and notes[-1].startswith("Cannot start")


# Each example starts an app (~0.5 s, more on a loaded machine), so few of them; the devices
# fixture (autouse, function-scoped) is the same for every example.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(TEXT_FIELDS), FIELD_TEXT), min_size=1, max_size=3))
def test_pasting_random_text_into_the_form_never_crashes_it(changes):
    async def scenario():
        app = NNTuiApp(IRIS, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            notes = record_notifications(app)
            for key, text in changes:
                await paste_into(pilot, key, text)
                await check_form(pilot, notes)

    run(scenario())


def test_nasty_values_typed_key_by_key_are_marked_and_refused():
    async def scenario():
        app = NNTuiApp(IRIS, runs_root=None)
        async with app.run_test(size=(100, 40)) as pilot:
            notes = record_notifications(app)
            for key, text, message in (
                ("training.lr", "1e309", "training.lr"),
                ("training.batch_size", "ｆｕｌｌ", "training.batch_size"),
                ("model.hidden", "8,,-9", "model.hidden"),
                ("seed", "4294967296", "seed"),
                ("data.val_split", "½", "data.val_split"),
            ):
                await type_into(pilot, key, text)
                assert row(app, key).has_class("-invalid"), (key, text)
                await check_form(pilot, notes)
                assert message in notes[-1]
                await type_into(pilot, key, format_value(FIELDS_BY_KEY[key], get_key(config_to_dict(IRIS), key)))
                assert app.screen.config == IRIS  # putting the value back makes the form valid again

    run(scenario())
