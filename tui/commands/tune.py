"""`nn-tui tune PRESET`: search the preset's [tune] space with Optuna, one line per trial as it finishes.

Several processes (or machines) share one study when started with the same --storage and --study.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.commands.common import add_config_arguments, load_run_config, runs_dir
from tui.core.vocabulary import TRIAL_COMPLETE
from tui.text.counts import counted

if TYPE_CHECKING:  # imported when used: `nn-tui --help` stays light
    from tui.core.events import Event


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tune",
        help="search hyperparameters with Optuna (the preset's [tune] section); every trial is a run folder",
        description="Search the preset's [tune] space. Start the same command on several machines with a shared "
        "--storage (e.g. postgresql://user@host/db) to work on one study together; each runs its own --trials.",
    )
    parser.add_argument("preset", metavar="PRESET", help="a preset with a [tune] section (e.g. tune-iris) or a .toml file")
    add_config_arguments(parser)
    parser.add_argument("--trials", type=int, metavar="N", help="trials this process runs (default: the preset's tune.trials)")
    parser.add_argument(
        "--storage",
        metavar="URL",
        help="where the study lives: a database URL (sqlite:///study.db, postgresql://user@host/db), a journal file "
        "(journal:PATH or *.log), or 'memory'; default: optuna.db (SQLite) in the runs folder",
    )
    parser.add_argument("--study", metavar="NAME", help="study name (default: the preset's name); workers with the same name share it")
    parser.add_argument("--jsonl", metavar="PATH", help="write one JSON object per tuning event to PATH ('-' = stdout)")
    parser.add_argument("--no-save", action="store_true", help="write no run folder per trial")


def run(args: argparse.Namespace) -> int:
    from tui.core.jsonl import event_line
    from tui.core.tune_events import TrialEnded, TuneFinished, TuneStarted
    from tui.experiments.tune.study import resolve_storage
    from tui.experiments.tune.tuner import Tuner
    from tui.headless.drive import drive
    from tui.headless.output import close_jsonl, keep_running_on_broken_pipe, open_jsonl, text_console

    config = load_run_config(args.preset, args)
    root = runs_dir(args)
    tuner = Tuner(
        config,
        resolve_storage(args.storage, root),
        study_name=args.study,
        trials=args.trials,
        runs_dir=None if args.no_save else root,
    )
    jsonl = open_jsonl(args.jsonl)
    console = text_console(stderr=args.jsonl == "-")
    keep_running_on_broken_pipe(console)

    def say(text: str) -> None:
        console.print(text)

    finished: TuneFinished | None = None
    folders: dict[int, str | None] = {}  # trial number → its run folder, for the trials this process ran

    def keep(event: Event) -> None:  # the study's end, shown or not: the exit code reads it
        nonlocal finished
        if isinstance(event, TuneFinished):
            finished = event
        elif isinstance(event, TrialEnded):
            folders[event.number] = event.run_dir

    def show(event: Event) -> None:
        if jsonl is not None:
            jsonl.write(event_line(event) + "\n")
            jsonl.flush()
        if isinstance(event, TuneStarted):
            say(started_text(event, args.preset))
        elif isinstance(event, TrialEnded):
            say(trial_line(event, tuner.spec.objective))
        elif isinstance(event, TuneFinished):
            say(finished_text(event, folders))

    try:
        drive(tuner.run(), show, tuner.stop, keep)
    finally:
        close_jsonl(jsonl)
    # Exit 1 only when every trial failed (e.g. each sampled combination was refused): nothing was learnt.
    all_failed = finished is not None and finished.ran > 0 and finished.failed == finished.ran and not finished.stopped
    return 1 if all_failed else 0


def started_text(event: Any, preset: str) -> str:
    space = "; ".join(f"{key} {words}" for key, words in event.space.items())
    joined = f", joining {counted(event.existing, 'trial')} already there" if event.joined else ""
    return (
        f"Tuning {event.study}: {counted(event.trials, 'trial')}, {event.direction} {event.objective}, "
        f"{event.sampler} sampler, {event.pruner} pruner\n"
        f"Search space: {space}\n"
        f"Study {event.study!r} in {event.storage}{joined}."
        + ("" if event.storage == "memory" else f" More workers: nn-tui tune {preset} --storage {event.storage} --study {event.study}")
        + (f"\n{differs_text(event)}" if event.differs else "")
    )


def differs_text(event: Any) -> str:
    keys = ", ".join(event.differs[:6]) + (" …" if len(event.differs) > 6 else "")
    return (
        f"Warning: study {event.study!r} was started with other settings ({keys}); its earlier trials may not compare "
        f"with these. Use --study NEW for a fresh study."
    )


def trial_line(event: Any, objective: str) -> str:
    from tui.core.tune_space import format_params

    value = "—" if event.value is None else f"{event.value:.6f}"
    where = "" if event.state != TRIAL_COMPLETE else f" ({counted(event.epochs, 'epoch')}, {event.seconds:.1f} s)"
    note = f" — {event.message}" if event.message else ""
    best = " ★ best so far" if event.best_number == event.number else ""
    return f"trial {event.number:>3}  {format_params(event.params)}  {objective}={value}  {event.state}{where}{best}{note}"


def finished_text(event: Any, folders: dict[int, str | None] | None = None) -> str:
    """The study's counts and its best trial, with the best trial's run folder and config when this process ran it."""
    from tui.core.tune_space import format_params

    counts = (
        f"{counted(event.ran, 'trial')} here ({event.complete} complete, {event.pruned} pruned, {event.failed} failed), "
        f"{event.total} in the study"
    )
    stopped = "Stopped early. " if event.stopped else ""
    if event.best_number is None:
        return f"{stopped}{counts}; no trial completed, so there is no best yet."
    return (
        f"{stopped}{counts}.\n"
        f"Best: trial {event.best_number}  {event.objective}={event.best_value:.6f}  {format_params(event.best_params)}\n"
        + best_trial_files(event.best_number, folders or {})
    )


def best_trial_files(number: int, folders: dict[int, str | None]) -> str:
    """Where the best trial's weights and config are, so it can be looked at, resumed or trained again."""
    from pathlib import Path

    if number not in folders:
        return f"Trial {number} ran in another process: its run folder is in that worker's runs folder."
    folder = folders[number]
    if folder is None:
        return f"Trial {number} was not saved (--no-save)."
    return f"Its run folder: {folder}\nIts config: {Path(folder) / 'config.toml'} (nn-tui train {Path(folder) / 'config.toml'})"
