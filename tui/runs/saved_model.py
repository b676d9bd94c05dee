"""A run folder's trained network, rebuilt for use: config.toml + model.json + best.safetensors.

Reading it never runs code (safetensors, JSON, TOML). The weights are the best epoch's, the ones the run
kept (docs/DESIGN.md §The run folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.core.config import RunConfig, load_config
from tui.core.errors import UserError
from tui.core.i18n import N_
from tui.runs.model_file import ModelFile, read_model_file
from tui.runs.weights import load_weights
from tui.training.inference import InferenceNetwork
from tui.training.model import build_model


@dataclass
class SavedModel:
    run_dir: Path
    config: RunConfig
    description: ModelFile
    network: InferenceNetwork


def load_saved_model(run_dir: Path) -> SavedModel:
    description = read_model_file(run_dir)
    config = load_config(run_dir / "config.toml")
    weights_file = run_dir / "best.safetensors"
    if not weights_file.is_file():
        raise UserError(N_("{run}: no best.safetensors (the run ended before any epoch improved): there are no weights to use").format(
            run=run_dir))
    model_config = config.model.model_copy(update={"init": None})  # the saved weights replace any initial ones
    network = build_model(model_config, description.n_inputs, description.n_outputs)
    try:
        network.load_state_dict(load_weights(weights_file))
    except RuntimeError as error:
        first = str(error).splitlines()[0]
        raise UserError(N_("{path}: does not fit the network model.json describes ({why})").format(path=weights_file, why=first)) from None
    wrapped = InferenceNetwork(
        network,
        description.features.mean,
        description.features.scale,
        description.head,
        description.target_mean,
        description.target_scale,
    )
    wrapped.eval()
    return SavedModel(run_dir, config, description, wrapped)
