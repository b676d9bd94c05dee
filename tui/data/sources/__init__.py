"""Dataset loaders. Each module registers its names with `tui.data.loading.register`."""

from tui.data.sources import builtin, csv_file, inline, synthetic  # noqa: F401
