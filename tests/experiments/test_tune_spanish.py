"""A study's refusals read in Spanish where they are shown (docs/DESIGN.md §Languages)."""

from __future__ import annotations

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
