"""A saved run's network as ONNX or TorchScript: raw feature values in, predict's numbers out.

The input is one float32 tensor `features` of shape (rows, inputs), the encoded inputs in model.json's
"inputs" order (a text column one-hot, one input per category) and NOT scaled: the training split's scaling is
the graph's first step. The output `output` is (rows, classes) probabilities in class order (predict's
prob_ columns) or (rows, 1) values in the target's units. docs/DESIGN.md §The run folder.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import torch

from tui.core.atomic import atomic_write_bytes
from tui.core.errors import UserError
from tui.core.i18n import N_
from tui.runs.saved_model import SavedModel

INPUT_NAME, OUTPUT_NAME = "features", "output"


def export_network(saved: SavedModel, form: str, path: Path) -> None:
    network = saved.network.eval()
    example = torch.zeros(2, saved.description.n_inputs)
    buffer = io.BytesIO()
    if form == "torchscript":
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # torch now points to torch.export; the format asked for is this one
            traced = torch.jit.trace(network, example)  # a fixed stack of layers: tracing records all of it
            torch.jit.save(traced, buffer)
    elif form == "onnx":
        try:
            import onnx  # noqa: F401  (the exporter needs it)
        except ImportError:
            raise UserError(N_("export --format onnx needs the onnx package: pip install 'nn-tui[onnx]'")) from None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the TorchScript-based exporter's deprecation notice; it needs no onnxscript
            torch.onnx.export(
                network,
                (example,),
                buffer,  # type: ignore[arg-type]  # a file object is accepted (and documented) too
                input_names=[INPUT_NAME],
                output_names=[OUTPUT_NAME],
                dynamic_axes={INPUT_NAME: {0: "rows"}, OUTPUT_NAME: {0: "rows"}},
                dynamo=False,
            )
    else:
        raise UserError(N_("export: unknown format {form}").format(form=repr(form)))
    try:
        atomic_write_bytes(path, buffer.getvalue())
    except OSError as error:
        raise UserError(N_("{path}: cannot write ({why})").format(path=path, why=error.strerror or error)) from None
