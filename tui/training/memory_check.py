"""A network too large for the memory left is refused before it is allocated (the kernel would kill the run).

The estimate counts what training holds at once: the weights, their gradients, the optimizer's state, the
best weights' copy, and the activations of the largest batch (forward and backward).
"""

from __future__ import annotations

from tui.core.config import RunConfig
from tui.core.errors import ConfigError
from tui.core.i18n import N_
from tui.core.memory import available_memory, size_text
from tui.training.scoring import EVAL_CHUNK

FLOAT_BYTES = 4


def optimizer_slots(config: RunConfig) -> int:
    """Tensors the optimizer keeps per parameter tensor."""
    training = config.training
    if training.optimizer in ("adam", "adamw"):
        return 2
    if training.optimizer == "adagrad":
        return 1
    if training.optimizer == "rmsprop":
        return 2 if training.momentum else 1
    return 1 if training.momentum else 0


def training_memory(config: RunConfig, parameters: int, n_inputs: int, n_outputs: int, batch_size: int, rows: int) -> int:
    """Bytes training needs at least: weights, gradients, optimizer state, best copy, activations."""
    copies = 3 + optimizer_slots(config)  # weights, gradients, best copy, optimizer state
    widest_pass = max(batch_size, min(rows, EVAL_CHUNK))
    activations = 2 * widest_pass * (n_inputs + sum(config.model.hidden) + n_outputs)  # forward values and their gradients
    return (copies * parameters + activations) * FLOAT_BYTES


def check_fits(config: RunConfig, parameters: int, n_inputs: int, n_outputs: int, batch_size: int, rows: int,
               available: int | None = None) -> None:
    """ConfigError naming the sizes when the estimate exceeds the memory available (on the CPU)."""
    room = available if available is not None else available_memory()
    if room is None:
        return
    need = training_memory(config, parameters, n_inputs, n_outputs, batch_size, rows)
    if need > room:
        raise ConfigError.about(
            "model.hidden",
            N_(
                "a network of {parameters:,} parameters needs about {need} to train (weights, gradients, {optimizer} state, "
                "the best copy, activations for batches of {batch:,}) but {room} of memory is available; use smaller hidden layers"
            ).format(
                parameters=parameters, need=size_text(need), optimizer=config.training.optimizer, batch=batch_size, room=size_text(room)
            ),
        )
