"""Every citation of the design notes in the code names a section that exists: docs/DESIGN.md §Heading."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "docs" / "DESIGN.md"


def headings() -> list[str]:
    return [line[3:].strip() for line in NOTES.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]


def citations() -> list[tuple[str, str]]:
    """(file:line, the text after 'DESIGN.md') for each mention in tui/ and tests/."""
    found = []
    for folder in ("tui", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == Path(__file__).resolve():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in re.finditer(r"DESIGN\.md", line):
                    found.append((f"{path.relative_to(ROOT)}:{number}", line[max(0, match.start() - 5) : match.end() + 60]))
    return found


def test_each_citation_names_an_existing_section():
    sections = headings()
    assert sections, "docs/DESIGN.md has no '## ' sections"
    wrong = [
        where for where, text in citations()
        if not text.startswith("docs/DESIGN.md §") or not any(text[len("docs/DESIGN.md §"):].startswith(h) for h in sections)
    ]
    assert not wrong, f"cite the notes as 'docs/DESIGN.md §Heading' with one of {sections}: {wrong}"
