"""Every message a person reads has its Spanish translation (extract, compare), with the same fields, compiled;
and no prose is left outside the catalogue (docs/DESIGN.md §Languages)."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tests.i18n.prose import is_prose, unmarked_prose
from tui.core.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]
PO = LOCALE_DIR / "es" / "LC_MESSAGES" / "nn_tui.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extracted() -> dict[str, str]:
    """Each marked message of tui/ (its first form for a plural) → where it is."""
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "tui"), method_map=[("**.py", "python")], keywords=KEYWORDS):
        found[message if isinstance(message, str) else message[0]] = f"tui/{filename}:{lineno}"
    return found


def catalogue():
    with open(PO, "rb") as file:
        return read_po(file)


def fields(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w*)[^{}]*\}", text) + re.findall(r"%(?:\(\w+\))?[sdrf]", text))


def test_every_marked_message_has_a_spanish_translation():
    translations = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue() if m.id}
    missing = [f"{where}: {message!r}" for message, where in extracted().items()
               if message not in translations or not translations[message].string
               or "fuzzy" in translations[message].flags]
    assert not missing, f"{len(missing)} messages lack a Spanish translation (`make i18n`, then translate):\n" + \
        "\n".join(missing[:40])


def test_each_translation_keeps_the_fields_of_its_english():
    wrong = []
    for message in catalogue():
        if not message.id or not message.string:
            continue
        pairs = zip(message.id, message.string) if isinstance(message.id, tuple) else [(message.id, message.string)]
        wrong += [f"{english!r} → {spanish!r}" for english, spanish in pairs if fields(english) != fields(spanish)]
    assert not wrong, "\n".join(wrong)


def test_fields_are_named_so_that_a_message_can_be_found_again():
    positional = [f"{where}: {message!r}" for message, where in extracted().items() if "{}" in message]
    assert not positional, "\n".join(positional)


def test_the_compiled_catalogue_is_the_catalogue():
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    compiled.seek(0)
    with open(MO, "rb") as shipped:
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(compiled)._catalog, \
            "nn_tui.mo is older than nn_tui.po: `make i18n`"


@pytest.mark.parametrize("text, prose", [
    ("Training stopped", True), ("epoch {n} of {total}", True), ("Pause", False), ("model.hidden", False),
    ("%(prog)s", False), ("cross_entropy", False), ("#plan-panel Static", False), ("12 34", False),
])
def test_what_counts_as_prose(text, prose):
    assert is_prose(text) is prose


def test_no_prose_is_left_outside_the_catalogue():
    left = [f"{path.relative_to(ROOT)}:{line}: {text!r}"
            for path in sorted((ROOT / "tui").rglob("*.py")) for line, text in unmarked_prose(path)]
    assert not left, f"{len(left)} strings a person may read are not marked for translation " \
        f"(wrap them in _() or N_(), or say `# not translated: why`):\n" + "\n".join(left[:60])
