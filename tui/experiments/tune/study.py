"""Where a study lives (SQLite by default, PostgreSQL or a journal file to share it) and how it is opened.

Several processes share a study by opening the same storage and study name; Optuna hands each
trial a unique number from the database. Each process runs its own `trials`.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.config import RunConfig, config_to_dict
from tui.core.errors import ConfigError
from tui.core.i18n import N_
from tui.core.keys import flatten
from tui.core.tune_space import TuneSpec
from tui.experiments.tune.heartbeat import storage_options

MEMORY = "memory"
JOURNAL_SUFFIXES = (".log", ".journal", ".jsonl")
DEFAULT_DB = "optuna.db"
SQLITE_TIMEOUT_S = 60  # workers sharing one SQLite file wait this long for its write lock
OPEN_RETRIES = 5  # two workers creating the schema at once race; the loser retries


@dataclass(frozen=True)
class StorageSpec:
    kind: str  # "memory" | "journal" | "rdb"
    target: str  # the URL or journal path

    @property
    def shown(self) -> str:
        return mask_password(self.target) if self.kind == "rdb" else (self.target if self.kind == "journal" else MEMORY)


def resolve_storage(text: str | None, runs_dir: Path) -> StorageSpec:
    """`--storage` → what to open. None = a SQLite file under the runs folder (nothing to install)."""
    if text is None:
        try:
            runs_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            why = error.strerror or error
            raise ConfigError(N_("runs folder {folder}: cannot create it for the study ({why}); see --runs-dir").format(
                folder=runs_dir, why=why)) from None
        return StorageSpec("rdb", f"sqlite:///{(runs_dir / DEFAULT_DB).resolve()}")
    if text == MEMORY:
        return StorageSpec("memory", MEMORY)
    if text.startswith("journal:"):
        return StorageSpec("journal", str(Path(text.removeprefix("journal:")).expanduser().resolve()))
    if re.match(r"^[a-z][a-z0-9+]*://", text):
        return StorageSpec("rdb", text)
    if text.endswith(JOURNAL_SUFFIXES):
        return StorageSpec("journal", str(Path(text).expanduser().resolve()))
    if text.endswith((".db", ".sqlite", ".sqlite3")):
        return StorageSpec("rdb", f"sqlite:///{Path(text).expanduser().resolve()}")
    raise ConfigError(
        N_("--storage {storage}: expected a database URL (sqlite:///study.db, postgresql://user@host/db), "
           "a journal file (journal:PATH or a *.log file), a *.db file, or 'memory'").format(storage=repr(text))
    )


def mask_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def open_storage(spec: StorageSpec) -> Any:
    import optuna

    if spec.kind == MEMORY:
        return optuna.storages.InMemoryStorage()
    if spec.kind == "journal":
        from optuna.storages.journal import JournalFileBackend, JournalStorage

        _make_parent(Path(spec.target), spec.shown)
        return JournalStorage(JournalFileBackend(spec.target))
    url = with_postgres_driver(spec.target)
    from sqlalchemy.exc import SQLAlchemyError  # installed with optuna

    kwargs = {"connect_args": {"timeout": SQLITE_TIMEOUT_S}} if url.startswith("sqlite") else {}
    if spec.target.startswith("sqlite:///"):
        _make_parent(Path(spec.target.removeprefix("sqlite:///")), spec.shown)
    for attempt in range(OPEN_RETRIES):
        try:
            with warnings.catch_warnings():  # heartbeats are "experimental" in Optuna; a user cannot act on that
                warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
                return optuna.storages.RDBStorage(url, engine_kwargs=kwargs, **storage_options())
        except ImportError as error:
            raise ConfigError(
                N_("--storage {storage}: a database driver is missing ({why}); for PostgreSQL: pip install psycopg2-binary").format(
                    storage=spec.shown, why=error)
            ) from None
        except (SQLAlchemyError, optuna.exceptions.StorageInternalError, OSError) as error:  # a race on first use, or no server
            if attempt == OPEN_RETRIES - 1 or not _is_race(error):
                raise ConfigError(N_("--storage {storage}: cannot open ({why})").format(
                    storage=spec.shown, why=_first_line(error))) from None
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _make_parent(file: Path, shown: str) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(N_("--storage {storage}: cannot create {folder} ({why})").format(
            storage=shown, folder=file.parent, why=error.strerror or error)) from None


def with_postgres_driver(url: str) -> str:
    """postgresql://… with a driver that is installed. SQLAlchemy 2.1 assumes psycopg 3 for a bare
    postgresql:// URL; psycopg2-binary (nn-tui[postgres]) is the one we ship, so name whichever exists."""
    import importlib.util

    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("postgresql", "postgres"):
        return url
    for module, dialect in (("psycopg", "postgresql+psycopg"), ("psycopg2", "postgresql+psycopg2")):
        if importlib.util.find_spec(module) is not None:
            return f"{dialect}://{rest}"
    return f"postgresql://{rest}"


def _is_race(error: Exception) -> bool:
    text = str(error).lower()
    words = ("already exists", "locked", "duplicate key", "unique constraint")  # not translated: the databases' words
    return any(word in text for word in words)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def make_sampler(spec: TuneSpec, seed: int) -> Any:
    import optuna

    if spec.sampler == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    return optuna.samplers.TPESampler(seed=seed)


def make_pruner(spec: TuneSpec) -> Any:
    import optuna

    if spec.pruner == "none":
        return optuna.pruners.NopPruner()
    if spec.pruner == "hyperband":
        return optuna.pruners.HyperbandPruner()
    return optuna.pruners.MedianPruner(n_startup_trials=spec.startup_trials, n_warmup_steps=spec.warmup_epochs)


# Settings that may differ between workers of one study without making their trials incomparable.
WORKER_LOCAL = ("name", "description", "training.device", "training.threads", "tune.trials")


def study_settings(config: RunConfig) -> dict[str, Any]:
    """The config as flat `section.key` values, minus what may differ from worker to worker."""
    return {key: value for key, value in flatten(config_to_dict(config)).items() if key not in WORKER_LOCAL}


@dataclass(frozen=True)
class OpenedStudy:
    study: Any
    joined: bool  # it existed before: another worker, or an earlier run
    differs: tuple[str, ...] = ()  # config keys whose values differ from the ones the study started with


def open_study(storage: Any, name: str, spec: TuneSpec, shown: str, settings: dict[str, Any]) -> OpenedStudy:
    """Create the study, or join it when it exists.

    The creator samples with the preset's seed (a single worker is reproducible); a joining worker adds
    fresh randomness so that workers do not all try the same values. A study remembers the settings it
    started with, so that joining it with other settings (earlier trials no longer comparable) is reported.
    """
    import optuna

    pruner = make_pruner(spec)
    try:
        study = optuna.create_study(
            storage=storage, study_name=name, direction=spec.direction, sampler=make_sampler(spec, spec.seed), pruner=pruner
        )
        study.set_user_attr("objective", spec.objective)
        study.set_user_attr("settings", settings)
        return OpenedStudy(study, joined=False)
    except optuna.exceptions.DuplicatedStudyError:
        pass
    joiner_seed = (spec.seed + int.from_bytes(os.urandom(4), "little")) % 2**32
    study = optuna.load_study(study_name=name, storage=storage, sampler=make_sampler(spec, joiner_seed), pruner=pruner)
    existing_direction = study.direction.name.lower()
    if existing_direction != spec.direction:
        raise ConfigError(
            N_("study {study} in {storage} was created to {existing}, but the objective {objective} "
               "needs to {direction}; choose another name with --study").format(
                study=repr(name), storage=shown, existing=existing_direction, objective=spec.objective, direction=spec.direction)
        )
    objective = study.user_attrs.get("objective")
    if objective is not None and objective != spec.objective:
        raise ConfigError(
            N_("study {study} in {storage} optimizes {existing}, not {objective}; choose another name with --study").format(
                study=repr(name), storage=shown, existing=objective, objective=spec.objective)
        )
    started_with = study.user_attrs.get("settings") or {}
    differs = tuple(sorted(k for k in set(started_with) | set(settings) if started_with.get(k) != settings.get(k)))
    return OpenedStudy(study, joined=True, differs=differs if started_with else ())
