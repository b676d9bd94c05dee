"""The language a person reads: English or Spanish, gettext catalogues (docs/DESIGN.md §Languages).

`_()` translates now, for text shown at once. `N_()` only marks an English template for the catalogue: text that
travels in events, run files and errors stays English (JSON lines, CSV and TOML read the same in both
languages), and `translated()` turns such a message into the reader's language where it is shown.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.numbers import get_decimal_symbol, get_group_symbol

DOMAIN = "nn_tui"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
LANG_ENV = "NN_TUI_LANG"
LOCALE_ENVS = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first set one decides

_language = DEFAULT_LANGUAGE
_catalogue: gettext.NullTranslations = gettext.NullTranslations()


def language_from(environ: Mapping[str, str], asked: str | None = None) -> str:
    """--lang, else NN_TUI_LANG, else the locale (es_ES.UTF-8 → es); English for anything else."""
    if asked:
        return asked
    if environ.get(LANG_ENV) in LANGUAGES:
        return environ[LANG_ENV]
    for name in LOCALE_ENVS:
        value = environ.get(name)
        if value:
            return "es" if value.lower().startswith("es") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Use `lang` from now on, in this process and the processes it starts (the app's training child)."""
    _use(lang)
    os.environ[LANG_ENV] = _language


def _use(lang: str) -> None:
    global _language, _catalogue
    _language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    _catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=True)
    _templates.cache_clear()


def language() -> str:
    return _language


def _(message: str) -> str:
    """`message` in the reader's language (English when it has no translation)."""
    return _catalogue.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark an English template for the catalogue and keep it English: it is translated where it is shown."""
    return message


def translated(message: str) -> str:
    """An English message made from a catalogue template (N_(...).format(...)), in the reader's language.

    Each {field} keeps the value it was given, except {problem}, a message of its own, translated too. Of the
    templates that match the whole message, the one whose fixed text accounts for most of it wins (its
    {problem}'s share counted in), so "{path}: {problem}" never beats the message's own sentence, and a short
    template ("{count} rows") that would only rename the last word of a long message it did not make is not used.
    A message that matches no template (a library's, or one already translated) is returned as it is.
    """
    if _language == DEFAULT_LANGUAGE or not message:
        return message
    if "\n" in message:  # several problems, one a line
        return "\n".join(translated(line) for line in message.split("\n"))
    return _best(message)[0]


_KEY = re.compile(r"(?:--set )?[\w.\[\]-]+")  # a config key or a preset's file name; "--set key" names a --set
MIN_SHARE = 0.15  # of a message, that a template's fixed text must account for


def _best(message: str) -> tuple[str, int]:
    """The message in the reader's language, and how many of its characters templates' fixed text accounts for."""
    plain = _catalogue.gettext(message)
    if plain != message:
        return plain, len(message)
    best: tuple[str, int] = (message, 0)
    for anchor, pattern, template, literal in _templates():
        found = pattern.fullmatch(message) if anchor in message else None
        if not found:
            continue
        fields, covered = found.groupdict(), literal
        if "problem" in fields:
            fields["problem"], inner = _best(fields["problem"])
            covered += inner
        text = _formatted(template, fields) if covered > best[1] else None
        if text is not None:
            best = (text, covered)
    key, colon, rest = message.partition(": ")  # "training.lr: must be > 0", a problem named by its key
    if colon and _KEY.fullmatch(key):
        tail, covered = _best(rest)  # "iris.toml: training.lr: must be > 0": a key below a file's name
        if covered > best[1]:
            best = (f"{key}: {tail}", covered)
    return best if best[1] >= MIN_SHARE * len(message) else (message, 0)


def _formatted(template: str, fields: dict[str, str]) -> str | None:
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        return None


_FIELD = re.compile(r"\{(\w+)(?:[:!][^{}]*)?\}")


@cache
def _templates() -> list[tuple[str, re.Pattern[str], str, int]]:
    """(anchor, pattern, translation, length of its fixed text) for each English template with {fields}. The anchor,
    the template's longest piece of fixed text, rules out almost every template before its pattern is tried: a
    message that matches none costs tens of microseconds, not a millisecond."""
    entries = getattr(_catalogue, "_catalog", {})
    found: list[tuple[bool, int, str, re.Pattern[str], str]] = []
    for english, spanish in entries.items():
        if not isinstance(english, str) or "{" not in english or (english == spanish and "{problem" not in english):
            continue
        parts, names, at, fixed = [], set(), 0, []
        for field in _FIELD.finditer(english):
            fixed.append(english[at:field.start()])
            parts.append(re.escape(english[at:field.start()]))
            name = field.group(1)
            parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
            names.add(name)
            at = field.end()
        fixed.append(english[at:])
        parts.append(re.escape(english[at:]))
        plain = _FIELD.sub(lambda f: "{" + f.group(1) + "}", spanish)
        found.append(("problem" not in names, -sum(map(len, fixed)), max(fixed, key=len), re.compile("".join(parts), re.DOTALL),
                      plain))
    # A message about a {problem} first ("{problem} (got {got})" before "greater than {gt}", which would swallow the
    # "(got …)"); then more literal text first ("unknown activation {v}" before "unknown {field} {v}").
    found.sort(key=lambda entry: entry[:2])
    return [(anchor, pattern, plain, -literal) for _about, literal, anchor, pattern, plain in found]


def number(value: float, spec: str = "") -> str:
    """`value` formatted by a Python format spec (".4f", ",.0f", ".3g"), with the reader's decimal and group marks."""
    text = format(value, spec)
    if _language == DEFAULT_LANGUAGE:
        return text
    marks: dict[str, str | int | None] = {".": get_decimal_symbol(_language), ",": get_group_symbol(_language)}
    return text.translate(str.maketrans(marks))


_use(language_from(os.environ))  # every entry point (the CLI, the app's training child, a tune worker) starts so
