"""Weight files that load without executing code (written atomically)."""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors.torch import load as load_safetensors
from safetensors.torch import save as save_safetensors

from tui.core.atomic import atomic_write_bytes
from tui.core.errors import UserError
from tui.core.i18n import N_


def save_weights(path: Path, state: dict[str, torch.Tensor]) -> None:
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in state.items()}
    atomic_write_bytes(path, save_safetensors(tensors))


def load_weights(path: Path) -> dict[str, torch.Tensor]:
    """Load a safetensors weight file; a damaged or foreign file is a clear error, never code."""
    try:
        return load_safetensors(path.read_bytes())
    except FileNotFoundError:
        raise UserError(N_("{path}: no such weights file").format(path=path)) from None
    except Exception as error:  # safetensors raises its own error types for bad headers
        raise UserError(N_("{path}: not a valid safetensors weights file ({why})").format(path=path, why=error)) from None
