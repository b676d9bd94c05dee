"""`nn-tui presets`: list bundled and user presets with their descriptions."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("presets", help="list presets (bundled and your own) with their descriptions")
    parser.add_argument("--full", action="store_true", help="show whole descriptions (default: their first sentence)")


def first_sentence(text: str) -> str:
    """Up to the first '. ' or ': ' — enough to pick a preset from a list."""
    for stop in (". ", ": "):
        head, found, _ = text.partition(stop)
        if found:
            return head + ("." if stop == ". " else "")
    return text


def run(args: argparse.Namespace) -> int:
    from rich.table import Table

    from tui.core.presets import list_presets, user_dir
    from tui.headless.output import text_console

    full = getattr(args, "full", False)
    caption = f"your presets: {user_dir()} (set NN_TUI_PRESETS_DIR to use another folder)"
    if not full:
        caption += "; --full for whole descriptions"
    table = Table(title="Presets", caption=caption, expand=False)
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("source")
    table.add_column("description")
    for info in list_presets():
        source = info.source
        if info.shadows_bundled:
            source += f" (same name as a bundled preset: run it as user:{info.name})"
        table.add_row(info.name, source, info.description if full else first_sentence(info.description))
    text_console().print(table)
    return 0
