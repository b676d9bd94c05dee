"""Dataset loaders. Each module registers its names with `tui.engine.data.register`."""

from . import builtin, csv_file, inline, synthetic  # noqa: F401
