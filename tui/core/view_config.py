"""The `[view]` table of a config: how the app shows the run. It changes nothing in training, and the headless
runner ignores it.

- `panel`: what the training screen opens with: the charts, or the model panel (docs/DESIGN.md §Model views);
- `pace`: at most this many optimizer steps a second in the app, or "full" (docs/DESIGN.md §Pace and single steps);
- `open = "backprop"`: the app opens the Backprop screen when the preset is loaded (at start, or with ctrl+o).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, StrictInt, field_validator

from tui.core.i18n import N_
from tui.core.model_views import CHARTS, PANELS
from tui.core.paces import FULL, as_pace

BACKPROP = "backprop"
VIEW_SCREENS = (BACKPROP,)


def _pace(value: Any) -> Any:
    as_pace(value)  # raises ValueError naming what is allowed
    return value


class ViewConfig(BaseModel):
    """How the app shows the run."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, validate_default=True)

    panel: str = CHARTS  # charts, or the model panel: regions (or the fitted curve) or neurons
    pace: Annotated[StrictInt | float | str, BeforeValidator(_pace)] = FULL  # at most this many steps per second, or "full"
    open: str | None = None  # a screen the app opens with the preset: "backprop"

    @field_validator("panel")
    @classmethod
    def _known_panel(cls, value: str) -> str:
        if value not in PANELS:
            raise ValueError(N_("unknown panel {value!r}; allowed: {allowed}").format(value=value, allowed=", ".join(PANELS)))
        return value

    @field_validator("open")
    @classmethod
    def _known_screen(cls, value: str | None) -> str | None:
        if value is not None and value not in VIEW_SCREENS:
            raise ValueError(N_("unknown screen {value!r}; allowed: {allowed}").format(value=value, allowed=", ".join(VIEW_SCREENS)))
        return value

    @property
    def steps_per_second(self) -> float | None:
        return as_pace(self.pace)

    @property
    def opens_backprop(self) -> bool:
        return self.open == BACKPROP
