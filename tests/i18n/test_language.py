"""Which language nn-tui speaks, and how a message made in English is read in Spanish."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.cli import take_language
from tui.core.i18n import N_, _, language_from, number, translated


@pytest.mark.parametrize("environ, asked, expected", [
    ({}, None, "en"),
    ({"LANG": "es_AR.UTF-8"}, None, "es"),
    ({"LANG": "es_AR.UTF-8", "LC_ALL": "C"}, None, "en"),  # LC_ALL before LANG, as POSIX has it
    ({"LC_MESSAGES": "es_CL.UTF-8", "LANG": "en_US.UTF-8"}, None, "es"),
    ({"LANG": "en_US.UTF-8", "NN_TUI_LANG": "es"}, None, "es"),
    ({"NN_TUI_LANG": "es"}, "en", "en"),  # --lang wins
    ({"NN_TUI_LANG": "fr", "LANG": "es_MX"}, None, "es"),  # a language nn-tui lacks: the locale decides
])
def test_the_language_comes_from_the_flag_then_nn_tui_lang_then_the_locale(environ, asked, expected):
    assert language_from(environ, asked) == expected


def test_lang_may_stand_anywhere_on_the_line():
    assert take_language(["train", "iris", "--lang", "es", "--quiet"]) == (["train", "iris", "--quiet"], "es")
    assert take_language(["--lang=en"]) == ([], "en")
    assert take_language(["train", "--", "--lang"]) == (["train", "--", "--lang"], None)
    with pytest.raises(ValueError, match="allowed: en, es"):
        take_language(["--lang", "fr"])


def test_a_message_made_in_english_is_read_in_spanish(spanish):
    made = N_("nn-tui: error: {problem}").format(problem="training.lr: must be > 0")
    assert made == "nn-tui: error: training.lr: must be > 0"  # what travels (events, files) stays English
    assert translated(made).startswith("nn-tui: error: ")
    assert translated("usage: ") == "uso: "
    assert translated("something no template made") == "something no template made"
    assert translated("--lang: 'fr' is not a language nn-tui speaks (allowed: en, es)") == \
        "--lang: 'fr' no es un idioma que nn-tui hable (se admite: en, es)"
    assert translated("a.b: usage: \nusage: ") == "a.b: uso: \nuso: "  # by key, and line by line


def test_english_stays_english():
    assert _("usage: ") == "usage: " and translated("usage: ") == "usage: "
    assert number(1234.5, ",.1f") == "1,234.5"


def test_numbers_use_the_languages_marks(spanish):
    assert number(0.69314, ".4f") == "0,6931"
    assert number(1234567.5, ",.1f") == "1.234.567,5"


def test_help_and_argparse_errors_are_in_spanish_when_asked():
    shown = subprocess.run([sys.executable, "-m", "tui", "--lang", "es", "--help"], capture_output=True, text=True)
    assert shown.returncode == 0 and shown.stdout.startswith("uso: nn-tui") and "opciones:" in shown.stdout
    wrong = subprocess.run([sys.executable, "-m", "tui", "train", "--nope"], capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin", "LANG": "es_ES.UTF-8"})
    assert wrong.returncode == 2 and "argumentos no reconocidos: --nope" in wrong.stderr
