"""Which training devices this machine seems to have, found without importing torch (fast first frame)."""

from __future__ import annotations

import os
import platform
import shutil

from tui.core.i18n import _


def cuda_seems_available() -> bool:
    return os.path.exists("/proc/driver/nvidia/version") or shutil.which("nvidia-smi") is not None


def mps_seems_available() -> bool:
    return platform.system() == "Darwin" and platform.machine() == "arm64"


def device_labels() -> dict[str, str]:
    """Each device choice with a note on availability; torch decides for sure when training starts."""
    cuda = cuda_seems_available()
    mps = mps_seems_available()
    best = "cuda" if cuda else "mps" if mps else "cpu"
    return {
        "auto": f"auto (→ {best})",
        "cpu": "cpu",
        "cuda": "cuda" if cuda else _("{device} (not found)").format(device="cuda"),
        "mps": "mps" if mps else _("{device} (not found)").format(device="mps"),
    }
