"""`nn-tui tune PRESET`: search the preset's [tune] space with Optuna, one line per trial as it finishes.

Several processes (or machines) share one study when started with the same --storage and --study.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.commands.common import add_config_arguments, load_run_config, runs_dir
from tui.commands.words import direction_word
from tui.commands.words import epochs as epochs_text
from tui.commands.words import trials as trials_text
from tui.core.i18n import _, number, translated
from tui.core.vocabulary import TRIAL_COMPLETE
from tui.text.status_words import status_word

if TYPE_CHECKING:  # imported when used: `nn-tui --help` stays light
    from tui.core.events import Event


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "tune",
        help=_("search hyperparameters with Optuna (the preset's [tune] section); every trial is a run folder"),
        description=_("Search the preset's [tune] space. Start the same command on several machines with a shared "
                      "--storage (e.g. postgresql://user@host/db) to work on one study together; each runs its own --trials."),
    )
    parser.add_argument("preset", metavar="PRESET", help=_("a preset with a [tune] section (e.g. tune-iris) or a .toml file"))
    add_config_arguments(parser)
    parser.add_argument("--trials", type=int, metavar="N", help=_("trials this process runs (default: the preset's tune.trials)"))
    parser.add_argument(
        "--storage",
        metavar="URL",
        help=_("where the study lives: a database URL (sqlite:///study.db, postgresql://user@host/db), a journal file "
               "(journal:PATH or *.log), or 'memory'; default: optuna.db (SQLite) in the runs folder"),
    )
    parser.add_argument("--study", metavar="NAME", help=_("study name (default: the preset's name); workers with the same name share it"))
    parser.add_argument("--jsonl", metavar="PATH", help=_("write one JSON object per tuning event to PATH ('-' = stdout)"))
    parser.add_argument("--no-save", action="store_true", help=_("write no run folder per trial"))


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
    if event.joined:
        where = _("Study {study!r} in {storage}, joining {existing} already there.").format(
            study=event.study, storage=event.storage, existing=trials_text(event.existing))
    else:
        where = _("Study {study!r} in {storage}.").format(study=event.study, storage=event.storage)
    if event.storage != "memory":
        command = f"nn-tui tune {preset} --storage {event.storage} --study {event.study}"  # not translated: a command line
        where += " " + _("More workers: {command}").format(command=command)
    lines = [
        _("Tuning {study}: {trials}, {direction} {objective}, {sampler} sampler, {pruner} pruner").format(
            study=event.study, trials=trials_text(event.trials), direction=direction_word(event.direction),
            objective=event.objective, sampler=event.sampler, pruner=event.pruner),
        _("Search space: {space}").format(space=space),
        where,
    ]
    return "\n".join(lines + ([differs_text(event)] if event.differs else []))


def differs_text(event: Any) -> str:
    keys = ", ".join(event.differs[:6]) + (" …" if len(event.differs) > 6 else "")
    return _("Warning: study {study!r} was started with other settings ({keys}); its earlier trials may not compare "
             "with these. Use --study NEW for a fresh study.").format(study=event.study, keys=keys)


def trial_line(event: Any, objective: str) -> str:
    from tui.core.tune_space import format_params

    value = "—" if event.value is None else number(event.value, ".6f")
    where = "" if event.state != TRIAL_COMPLETE else " " + _("({epochs}, {seconds} s)").format(
        epochs=epochs_text(event.epochs), seconds=number(event.seconds, ".1f"))
    note = f" — {translated(event.message)}" if event.message else ""
    best = " ★ " + _("best so far") if event.best_number == event.number else ""
    head = _("trial {number}").format(number=f"{event.number:>3}")
    return f"{head}  {format_params(event.params)}  {objective}={value}  {status_word(event.state)}{where}{best}{note}"


def finished_text(event: Any, folders: dict[int, str | None] | None = None) -> str:
    """The study's counts and its best trial, with the best trial's run folder and config when this process ran it."""
    from tui.core.tune_space import format_params

    counts = _("{trials} here ({complete} complete, {pruned} pruned, {failed} failed), {total} in the study").format(
        trials=trials_text(event.ran), complete=event.complete, pruned=event.pruned, failed=event.failed, total=event.total)
    stopped = _("Stopped early.") + " " if event.stopped else ""
    if event.best_number is None:
        return stopped + _("{counts}; no trial completed, so there is no best yet.").format(counts=counts)
    best = _("Best: trial {number}  {objective}={value}  {params}").format(
        number=event.best_number, objective=event.objective, value=number(event.best_value, ".6f"),
        params=format_params(event.best_params))
    return f"{stopped}{counts}.\n{best}\n" + best_trial_files(event.best_number, folders or {})


def best_trial_files(number: int, folders: dict[int, str | None]) -> str:
    """Where the best trial's weights and config are, so it can be looked at, resumed or trained again."""
    from pathlib import Path

    if number not in folders:
        return _("Trial {number} ran in another process: its run folder is in that worker's runs folder.").format(number=number)
    folder = folders[number]
    if folder is None:
        return _("Trial {number} was not saved (--no-save).").format(number=number)
    config = Path(folder) / "config.toml"
    return _("Its run folder: {folder}").format(folder=folder) + "\n" + _("Its config: {path} (nn-tui train {path})").format(path=config)
