"""`nn-tui train PRESET`: the same engine, no app (scripts, nohup, CI)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.common import add_config_arguments, load_run_config, overrides, runs_dir
from tui.core.errors import UserError
from tui.core.i18n import N_, _
from tui.core.vocabulary import DAMAGED, FAILED, RUNNING

if TYPE_CHECKING:  # imported when used: `nn-tui --help` stays light
    from tui.core.config import RunConfig


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("train", help=_("train a preset headless (progress bar and epoch log, or plain lines)"))
    parser.add_argument("preset", metavar="PRESET", nargs="?", help=_("a preset name (see `nn-tui presets`) or a .toml file"))
    parser.add_argument("--resume", metavar="RUN", help=_("continue a stopped or interrupted run (see `nn-tui runs`) in its own "
                               "folder; with --set training.epochs=N a finished run trains on to epoch N"))
    add_config_arguments(parser)
    parser.add_argument("--jsonl", metavar="PATH", help=_("write one JSON object per event to PATH ('-' = stdout)"))
    parser.add_argument("--no-save", action="store_true", help=_("write no run folder"))
    parser.add_argument("--quiet", action="store_true", help=_("no human-readable output"))
    parser.add_argument("--log", action="store_true", help=_("with a [sweep] preset: every run's full epoch log"))
    parser.add_argument("--detach", action="store_true", help=_("train in the background, with no terminal: prints the run's "
                               "folder and returns (`nn-tui attach` watches it, `nn-tui stop` stops it)"))
    parser.add_argument("--into", type=Path, help=argparse.SUPPRESS)  # the detached process: the folder made for it
    parser.add_argument("--views", metavar="VIEWS", help=_("opt-in events for --jsonl, comma-separated: regions (decision "
                               "regions, or the fitted curve for one feature) and neurons, pictures of the model about once a "
                               "second; steps, the training loss of single steps in batches a few times a second"))
    parser.add_argument("--pace", metavar="N", help=_("at most N optimizer steps a second, or 'full' (the default: a "
                               "preset's [view] pace applies in the app only)"))


def run(args: argparse.Namespace) -> int:
    from tui.headless.signals import import_libraries_with_stop_signals_blocked

    import_libraries_with_stop_signals_blocked()  # before anything imports them
    from tui.core.model_views import STEPS
    from tui.headless.drive import run_headless
    from tui.headless.output import close_jsonl, open_jsonl, text_console
    from tui.headless.view import HeadlessView
    from tui.runs.location import new_run_dir, remove_if_empty
    from tui.runs.recorder import record
    from tui.training.pace import Pace
    from tui.training.trainer import Trainer

    views = wanted_views(args)
    pace = Pace(pace_option(args.pace))
    run_dir: Path | None  # None: --no-save
    if getattr(args, "resume", None):
        config, run_dir, resume = resumed_run(args)
    else:
        if not args.preset:
            raise UserError(N_("give a PRESET (see `nn-tui presets`) or --resume RUN (see `nn-tui runs`)"))
        config, resume = load_run_config(args.preset, args), False
        if config.sweep:
            if getattr(args, "detach", False):
                raise UserError(N_("--detach trains one run; a [sweep] preset runs several (start it with nohup instead)"))
            from tui.commands.sweep import run_sweep_headless

            return run_sweep_headless(config, args)
        run_dir = None if args.no_save else (getattr(args, "into", None) or new_run_dir(runs_dir(args), config.name))
    if getattr(args, "detach", False):
        return detach(args, run_dir, resume)
    try:
        jsonl = open_jsonl(args.jsonl)
        # With JSON on stdout, the human log goes to stderr so the JSON stays parseable.
        console = text_console(stderr=args.jsonl == "-")
        view = HeadlessView(console, jsonl=jsonl, human=not args.quiet)
        if resume and not args.quiet:
            console.print(_("Resuming {folder} from its checkpoint (metrics and events continue in that folder)").format(folder=run_dir))
        try:
            trainer = Trainer(config, views=views - {STEPS}, step_losses=STEPS in views, pace=pace)
            finished = run_headless(record(trainer, run_dir, resume=resume), trainer.stop, view)
        finally:
            close_jsonl(jsonl)
    finally:
        if not resume:
            remove_if_empty(run_dir)  # a run that never started (e.g. --jsonl cannot be written) leaves no folder
    return 1 if finished.reason == FAILED else 0


def detach(args: argparse.Namespace, run_dir: Path | None, resume: bool) -> int:
    from tui.commands.detached import start_detached

    if run_dir is None:
        raise UserError(N_("--detach keeps the run in its folder (that is how it is watched and stopped); drop --no-save"))
    if args.jsonl == "-":
        raise UserError(N_("--detach has no terminal to write to: give --jsonl a file, not '-'"))
    return start_detached(args, run_dir, resume)


def wanted_views(args: argparse.Namespace) -> frozenset[str]:
    from tui.core.model_views import check_views

    if not getattr(args, "views", None):
        return frozenset()
    try:
        return check_views(args.views)
    except ValueError as error:
        raise UserError(str(error)) from None


def pace_option(text: str | None) -> float | None:
    """--pace N: steps per second (None: full speed, also when not given)."""
    from tui.core.paces import parse_pace

    try:
        return parse_pace(text) if text is not None else None
    except ValueError as error:
        raise UserError(f"--pace: {error}") from None  # not translated: the option names the problem, translated on its own


def resumed_run(args: argparse.Namespace) -> tuple[RunConfig, Path, bool]:
    """The saved run's folder and config (with the allowed --set changes) for --resume RUN."""
    from tui.runs.listing import read_run, resolve_run
    from tui.runs.lock import check_free
    from tui.runs.resume import resume_config

    if args.preset:
        raise UserError(N_("--resume continues a saved run with its own config; drop the preset {preset!r}").format(preset=args.preset))
    if args.no_save:
        raise UserError(N_("--resume writes into the run's folder; it cannot be combined with --no-save"))
    run_dir = resolve_run(args.resume, runs_dir(args))
    check_free(run_dir)  # the recorder takes the folder's lock; this says so before the data are loaded
    info = read_run(run_dir)
    if info.status == RUNNING:
        raise UserError(N_("{run} is still training in another process; stop it first (its folder is in use)").format(run=run_dir.name))
    if info.status == DAMAGED:
        raise UserError(N_("{run}: damaged run folder ({problem}); it cannot be resumed").format(run=run_dir.name, problem=info.note))
    return resume_config(run_dir, overrides(args)), run_dir, True
