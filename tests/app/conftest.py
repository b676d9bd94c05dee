"""The app's tests see the same devices on every machine."""

from __future__ import annotations

import pytest

from tui.app import devices


@pytest.fixture(autouse=True)
def _fixed_devices(monkeypatch):
    # The device list depends on the machine; screens and snapshots must not.
    monkeypatch.setattr(devices, "cuda_seems_available", lambda: False)
    monkeypatch.setattr(devices, "mps_seems_available", lambda: False)
