"""The Backprop screen, minimal: the derivation `nn-tui explain` prints, for the form's config, in a scrollable log.

The derivation needs torch, which the app never imports: a thread runs `python -m tui explain` on the config
in a child process and the screen shows its lines (or its one-line refusal, such as a network too large).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import ClassVar

import tomli_w
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Label, Log

from tui.core.config import RunConfig, config_to_dict

EXPLAIN_TIMEOUT_S = 300


def explain_in_child(config: RunConfig) -> tuple[bool, list[str]]:
    """(ok, lines): the derivation's lines, or the child's error line."""
    return run_command_in_child(["explain"], config, [], timeout=EXPLAIN_TIMEOUT_S)


def run_command_in_child(command: list[str], config: RunConfig, options: list[str], *, timeout: float) -> tuple[bool, list[str]]:
    """(ok, lines): `nn-tui COMMAND CONFIG OPTIONS` in a child process; its stdout's lines, or its error line."""
    package_root = str(Path(__file__).resolve().parents[3])  # so the child imports this same `tui`
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_text(tomli_w.dumps(config_to_dict(config)), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "tui", *command, str(path), *options],
            capture_output=True, text=True, encoding="utf-8", env=env, timeout=timeout, check=False,
        )  # fmt: skip
    if done.returncode == 0:
        return True, done.stdout.splitlines()
    last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
    return False, [last.removeprefix("nn-tui: error: ")]


class ExplainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, config: RunConfig) -> None:
        super().__init__()
        self.config = config

    def compose(self) -> ComposeResult:
        yield Label(f"Backpropagation of {self.config.name}'s first step: deriving …", id="explain-status")
        yield Log(id="explain-log", highlight=False)
        yield Footer()

    def on_mount(self) -> None:
        self.derive()

    @work(thread=True, exclusive=True)
    def derive(self) -> None:
        try:
            ok, lines = explain_in_child(self.config)
        except (OSError, subprocess.TimeoutExpired) as error:
            ok, lines = False, [f"{type(error).__name__}: {error}"]
        self.app.call_from_thread(self.show, ok, lines)

    def show(self, ok: bool, lines: list[str]) -> None:
        status = f"Backpropagation of {self.config.name}'s first step (↑ ↓ pgup pgdn scroll · escape back)"
        self.query_one("#explain-status", Label).update(status if ok else f"Cannot explain: {lines[0]}")
        log = self.query_one("#explain-log", Log)
        log.clear()
        if ok:
            log.write_lines(lines)
            log.scroll_home(animate=False)
        log.focus()

    def action_back(self) -> None:
        self.dismiss(None)
