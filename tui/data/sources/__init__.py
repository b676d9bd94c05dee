"""Dataset loaders. Each module registers its names with `tui.data.raw.register`."""

from tui.data.sources import builtin, csv_file, inline, synthetic  # noqa: F401
