"""A bug inside the app ends `nn-tui` with a non-zero exit code, a crash log and one line saying where it is."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

import tui.app.screens.runs as runs_screen
from tui.app.app import NNTuiApp
from tui.cli import main


def test_a_crash_on_ctrl_r_exits_non_zero_with_a_crash_log(monkeypatch, tmp_path, capsys):
    def broken_listing(root: Path):
        raise RuntimeError("a bug in the listing")

    async def press_ctrl_r(pilot) -> None:
        await pilot.press("ctrl+r")
        await pilot.pause()

    monkeypatch.setattr(runs_screen, "list_runs", broken_listing)
    monkeypatch.setattr(NNTuiApp, "run", lambda self: App.run(self, headless=True, size=(80, 24), auto_pilot=press_ctrl_r))
    code = main(["app", "--runs-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    last = err.strip().splitlines()[-1]
    assert last.startswith("nn-tui: internal error in the app (a bug, please report it); traceback saved to ")
    log = Path(last.rsplit(" ", 1)[-1])
    assert log.parent == tmp_path and "a bug in the listing" in log.read_text(encoding="utf-8")
