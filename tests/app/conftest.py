"""Apps for the tests: the iris preset in the form, and a way to swap the Trainer for a script."""

from __future__ import annotations

import pytest

from tui.app import devices
from tui.core.config import load_config
from tui.core.presets import resolve_preset


@pytest.fixture(autouse=True)
def _fixed_devices(monkeypatch):
    # The device list depends on the machine; screens and snapshots must not.
    monkeypatch.setattr(devices, "cuda_seems_available", lambda: False)
    monkeypatch.setattr(devices, "mps_seems_available", lambda: False)


@pytest.fixture
def iris_config():
    return load_config(resolve_preset("iris"))
