"""Running the CLI in-process and checking its error contract: exit code, one line, no traceback."""

from __future__ import annotations

from pathlib import Path

from tui.cli import main


def run_cli(capsys, *args: str) -> tuple[int, str]:
    """Exit code and stderr of `nn-tui ARGS` (in-process: no torch import per case)."""
    code = main(list(args))
    return code, capsys.readouterr().err


def assert_one_clear_line(code: int, err: str, *fragments: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("nn-tui: error: ")
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def write_preset(folder: Path, text: str | bytes, name: str = "bad.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
