"""Shared test set-up: every test writes runs and user presets into its own temporary folders; the iris preset."""

from __future__ import annotations

import pytest

from tui.core.config import load_config
from tui.core.i18n import set_language
from tui.core.presets import resolve_preset


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("NN_TUI_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("NN_TUI_PRESETS_DIR", str(tmp_path / "user-presets"))
    monkeypatch.setenv("NO_COLOR", "1")
    set_language("en")  # whatever the machine's locale; the Spanish tests ask for `spanish`
    yield
    set_language("en")


@pytest.fixture
def spanish():
    """nn-tui in Spanish for this test (and the processes it starts)."""
    set_language("es")
    yield
    set_language("en")


@pytest.fixture
def iris_config():
    return load_config(resolve_preset("iris"))
