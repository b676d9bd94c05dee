"""`nn-tui presets`: list bundled and user presets with their descriptions."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("presets", help="list presets (bundled and your own) with their descriptions")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from tui.engine.presets import list_presets, user_dir

    table = Table(title="Presets", caption=f"your presets: {user_dir()}", expand=False)
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("source")
    table.add_column("description")
    for info in list_presets():
        source = info.source + (" (same name as a bundled preset: use user:NAME)" if info.shadows_bundled else "")
        table.add_row(info.name, source, info.description)
    Console().print(table)
    return 0
