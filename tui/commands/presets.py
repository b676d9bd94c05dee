"""`nn-tui presets`: list bundled and user presets with their descriptions."""

from __future__ import annotations

import argparse

from tui.core.i18n import N_, _

SOURCE_WORDS = {"bundled": N_("bundled"), "user": N_("user")}  # PresetInfo.source, as a reader's word


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("presets", help=_("list presets (bundled and your own) with their descriptions"))
    parser.add_argument("--full", action="store_true", help=_("show whole descriptions (default: their first sentence)"))


def first_sentence(text: str) -> str:
    """Up to the first '. ' or ': ' — enough to pick a preset from a list."""
    for stop in (". ", ": "):
        head, found, _rest = text.partition(stop)
        if found:
            return head + ("." if stop == ". " else "")
    return text


def run(args: argparse.Namespace) -> int:
    from rich.table import Table

    from tui.core.presets import list_presets, user_dir
    from tui.headless.output import text_console

    full = getattr(args, "full", False)
    if full:
        caption = _("your presets: {folder} (set NN_TUI_PRESETS_DIR to use another folder)").format(folder=user_dir())
    else:
        caption = _("your presets: {folder} (set NN_TUI_PRESETS_DIR to use another folder); --full for whole "
                    "descriptions").format(folder=user_dir())
    table = Table(title=_("Presets"), caption=caption, expand=False)
    table.add_column(_("name"), style="bold", no_wrap=True)
    table.add_column(_("source"))
    table.add_column(_("description"))
    for info in list_presets():
        source = _(SOURCE_WORDS.get(info.source, info.source))
        if info.shadows_bundled:
            source = _("{source} (same name as a bundled preset: run it as user:{name})").format(source=source, name=info.name)
        table.add_row(info.name, source, info.description if full else first_sentence(info.description))
    text_console().print(table)
    return 0
