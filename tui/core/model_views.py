"""The model views by name, and their grids' encoding: what `[view] panel` opens in the app and what `nn-tui train --views` sends.

The pictures are painted in the training process (tui.training.views) and drawn by the app's model
panel (tui.app.widgets.model_view); docs/DESIGN.md §Model views.
"""

from __future__ import annotations

import base64

from tui.core.i18n import N_

CHARTS = "charts"  # the panel closed: the two metric charts
REGIONS = "regions"  # decision regions over the input plane, or the fitted curve for one input feature
NEURONS = "neurons"  # each hidden unit's output over the plane (small networks)
VIEWS = (REGIONS, NEURONS)
PANELS = (CHARTS, *VIEWS)
STEPS = "steps"  # not a picture: the training loss of single steps (tui.training.step_losses), for the step view
OPT_IN = (*VIEWS, STEPS)  # what `nn-tui train --views` may ask for


def check_views(text: str) -> frozenset[str]:
    """`--views regions,neurons,steps` as a set; a ValueError names what is allowed."""
    names = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(names - set(OPT_IN))
    if unknown or not names:
        template = (N_("--views: {names} is no view; use {views} or {last} (comma-separated)") if unknown
                    else N_("--views: nothing is no view; use {views} or {last} (comma-separated)"))
        raise ValueError(template.format(names=", ".join(unknown), views=", ".join(OPT_IN[:-1]), last=OPT_IN[-1]))
    return names


def unpacked(text: str) -> bytes:
    """A grid sent as base64, one byte per cell (tui.training.views.packed)."""
    return base64.b64decode(text)
