"""A study's refusals read in Spanish where they are shown (docs/DESIGN.md §Languages)."""

from __future__ import annotations

import json

import pytest

from tui.core.errors import ConfigError
from tui.core.i18n import translated
from tui.experiments.tune.study import StorageSpec, resolve_storage
from tui.experiments.tune.tuner import Tuner


def test_a_preset_without_a_search_space_is_refused_in_spanish(spanish, iris_config):
    with pytest.raises(ConfigError) as refused:
        Tuner(iris_config, StorageSpec("memory", "memory"))
    assert str(refused.value) == "iris: this preset has no [tune] section, so there is nothing to search"
    assert translated(str(refused.value)) == "iris: este preset no tiene sección [tune], así que no hay nada que buscar"


def test_an_unknown_storage_is_refused_in_spanish(spanish, tmp_path):
    with pytest.raises(ConfigError) as refused:
        resolve_storage("study.txt", tmp_path)
    assert translated(str(refused.value)).startswith("--storage 'study.txt': se espera una URL de base de datos")


def test_a_trials_summary_stays_english(spanish, tmp_path):
    from tui.experiments.tune.tuner import _annotate_summary

    _annotate_summary(tmp_path, "s", 3, {"training.lr": 0.1}, "complete", 0.5, "")
    description = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))["description"]
    assert description.startswith("trial 3 of study s: ")
    assert translated(description).startswith("prueba 3 del estudio s: ")
