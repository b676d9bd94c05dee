"""The `[view]` table of a config: how the app shows the run. It changes nothing in training.

`open = "backprop"`: the app opens the Backprop screen when the preset is loaded (at start, or with ctrl+o).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

BACKPROP = "backprop"
VIEW_SCREENS = (BACKPROP,)


class ViewConfig(BaseModel):
    """How the app shows the run (the headless runner ignores it)."""

    model_config = ConfigDict(strict=True, extra="forbid", validate_default=True)

    open: str | None = None  # a screen the app opens with the preset: "backprop"

    @field_validator("open")
    @classmethod
    def _known_screen(cls, value: str | None) -> str | None:
        if value is not None and value not in VIEW_SCREENS:
            raise ValueError(f"unknown screen {value!r}; allowed: {', '.join(VIEW_SCREENS)}")
        return value

    @property
    def opens_backprop(self) -> bool:
        return self.open == BACKPROP
