"""Driving the app in tests: run a coroutine, type into a form field, record notifications; a config's form text."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from tui.app.app import NNTuiApp
from tui.app.form_fields import FIELDS, FIELDS_BY_KEY, format_value
from tui.app.widgets.field_row import FieldRow
from tui.core.keys import get_key


def run(coroutine) -> None:
    asyncio.run(coroutine)


def form_values(raw) -> dict[str, str]:
    """The text each setup-form field shows for the config dict `raw`."""
    return {spec.key: format_value(spec, get_key(raw, spec.key)) for spec in FIELDS}


def row(app: NNTuiApp, key: str) -> FieldRow:
    return app.screen.query_one(f"#{FIELDS_BY_KEY[key].widget_id}", FieldRow)


async def type_into(pilot, key: str, text: str) -> None:
    """Focus the field, clear it and type `text` key by key, as a person would."""
    field = row(pilot.app, key).query_one(Input)
    field.focus()
    await pilot.press("home", "ctrl+k", *[("space" if c == " " else c) for c in text])
    await pilot.pause()


def record_notifications(app: NNTuiApp) -> list[str]:
    notes: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        notes.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return notes


async def wait_until(pilot, condition, timeout: float = 120.0) -> None:
    """Let the app run until `condition()` holds (training is real work; no fixed sleeps)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)
