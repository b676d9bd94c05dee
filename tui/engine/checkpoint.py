"""Atomic file writes and weight files that load without executing code."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import torch
from safetensors.torch import load as load_safetensors
from safetensors.torch import save as save_safetensors

from .errors import UserError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, flush, fsync, then replace: never a half file at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def save_weights(path: Path, state: dict[str, torch.Tensor]) -> None:
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in state.items()}
    atomic_write_bytes(path, save_safetensors(tensors))


def load_weights(path: Path) -> dict[str, torch.Tensor]:
    """Load a safetensors weight file; a damaged or foreign file is a clear error, never code."""
    try:
        return load_safetensors(path.read_bytes())
    except FileNotFoundError:
        raise UserError(f"{path}: no such weights file") from None
    except Exception as error:  # safetensors raises its own error types for bad headers
        raise UserError(f"{path}: not a valid safetensors weights file ({error})") from None
