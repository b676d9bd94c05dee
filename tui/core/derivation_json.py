"""The derivation records (tui.core.derivation) as JSON lines, and back: what `nn-tui explain --json` prints.

One line for the explanation (`"record": "explanation"`), then one per optimizer step (`"record": "step"`),
each the record's fields as they are. The app's Backprop screen reads them back instead of parsing text.
Values are float64 written with repr, so they come back exactly; a value that is not finite is written as
null (JSON has no NaN) and read back as NaN.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Iterator
from typing import Any

from tui.core.derivation import ExampleDerivation, Explanation, Layer, LayerValues, StepDerivation, Update
from tui.core.errors import UserError
from tui.core.i18n import N_
from tui.core.jsonl import json_line

EXPLANATION, STEP = "explanation", "step"


def explanation_json_lines(explanation: Explanation) -> Iterator[str]:
    header = {f.name: getattr(explanation, f.name) for f in dataclasses.fields(explanation) if f.name != "steps"}
    yield json_line({"record": EXPLANATION, **header})
    for step in explanation.steps:
        yield json_line({"record": STEP, **dataclasses.asdict(step)})


def _nan_for_null(value: Any) -> Any:
    if value is None:
        return math.nan
    if isinstance(value, list):
        return [_nan_for_null(v) for v in value]
    return value


def _floats(record: dict[str, Any], *names: str) -> dict[str, Any]:
    return {**record, **{name: _nan_for_null(record[name]) for name in names}}


def _step(record: dict[str, Any]) -> StepDerivation:
    record = _floats(record, "batch_loss", "mean_grad_weight", "mean_grad_bias")
    examples = [
        ExampleDerivation(**{
            **_floats(e, "x", "loss", "probabilities"),
            "layers": [LayerValues(**_floats(v, *LAYER_VALUE_FIELDS)) for v in e["layers"]],
        })
        for e in record["examples"]
    ]  # fmt: skip
    return StepDerivation(**{
        **record,
        "layers": [Layer(**_floats(layer, "weight", "bias")) for layer in record["layers"]],
        "examples": examples,
        "updates": [Update(**_floats(u, "old", "grad", "new")) for u in record["updates"]],
    })  # fmt: skip


LAYER_VALUE_FIELDS = tuple(f.name for f in dataclasses.fields(LayerValues))


def explanation_from_json_lines(lines: Iterable[str]) -> Explanation:
    """The Explanation `explanation_json_lines` wrote; a line that is not one of its records is a UserError."""
    header: dict[str, Any] | None = None
    steps: list[StepDerivation] = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
            kind = record.pop("record")
            if kind == EXPLANATION:
                header = record
            elif kind == STEP:
                steps.append(_step(record))
            else:
                raise ValueError(N_("unknown record {kind!r}").format(kind=kind))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise UserError(N_("explain --json line {number}: not a derivation record ({problem})").format(
                number=number, problem=error)) from None
    if header is None:
        raise UserError(N_("explain --json: no explanation record"))
    return Explanation(**header, steps=steps)
