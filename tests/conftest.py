"""Shared test set-up: every test writes runs and user presets into its own temporary folders."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("NN_TUI_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("NN_TUI_PRESETS_DIR", str(tmp_path / "user-presets"))
    monkeypatch.setenv("NO_COLOR", "1")
