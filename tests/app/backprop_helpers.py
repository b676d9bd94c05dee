"""The Backprop screen in tests: derived in this process (torch is fine in tests), so no child is waited for."""

from __future__ import annotations

from textual.widgets import Label, Static

from tui.app.screens.explain import SCREEN_STEPS, ExplainScreen, steps_to_derive
from tui.core.config import RunConfig, load_config
from tui.core.presets import resolve_preset
from tui.training.derivation import Explainer


def in_process(config: RunConfig, first_step: int):
    return Explainer(config).explain(steps_to_derive(config, first_step), first_step)


def preset(name: str, *overrides: str) -> RunConfig:
    return load_config(resolve_preset(name), list(overrides))


def backprop_screen(config: RunConfig) -> ExplainScreen:
    return ExplainScreen(config, derive=in_process)


def status(app) -> str:
    return str(app.screen.query_one("#explain-status", Label).render())


def formula(app) -> str:
    return str(app.screen.query_one("#formula", Static).render())


__all__ = ["SCREEN_STEPS", "backprop_screen", "formula", "in_process", "preset", "status"]
