"""`nn-tui COMMAND CONFIG OPTIONS` in a child process, for screens that need torch's answers (explain, lr-find)
while the app itself never imports torch."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import tomli_w

from tui.core.config import RunConfig, config_to_dict
from tui.core.i18n import _


def run_command_in_child(command: list[str], config: RunConfig, options: list[str], *, timeout: float) -> tuple[bool, list[str]]:
    """(ok, lines): `nn-tui COMMAND CONFIG OPTIONS` in a child process; its stdout's lines, or its error line."""
    package_root = str(Path(__file__).resolve().parents[2])  # so the child imports this same `tui`
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
    last = (done.stderr.strip().splitlines() or [_("exit code {code}").format(code=done.returncode)])[-1]
    return False, [last.removeprefix(_("nn-tui: error: {problem}").format(problem=""))]  # the child speaks the reader's language
