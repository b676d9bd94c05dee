"""Arguments several commands share."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.i18n import N_, _

if TYPE_CHECKING:  # imported when used: `nn-tui --help` stays light
    from tui.core.config import RunConfig


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help=_("override a config value, read as TOML (e.g. training.lr=0.01, model.hidden=[64,64])"))
    parser.add_argument("--device", help=_("training device: auto, cpu, cuda, cuda:N or mps (same as --set training.device=D)"))
    parser.add_argument("--runs-dir", type=Path, help=_("where run folders go (default ./runs or $NN_TUI_RUNS_DIR)"))


def add_training_run_arguments(parser: argparse.ArgumentParser) -> None:
    """RUN (a run training now; default the latest) and --runs-dir: attach and stop."""
    parser.add_argument("run", nargs="?", metavar="RUN", help=_("a run folder, its name or 'latest' (default: the latest running run)"))
    parser.add_argument("--runs-dir", type=Path, help=_("where run folders are (default ./runs or $NN_TUI_RUNS_DIR)"))


def load_run_config(preset: str, args: argparse.Namespace) -> RunConfig:
    """The validated config for PRESET with --set/--device applied."""
    from tui.core.config import load_config
    from tui.core.presets import resolve_preset

    return load_config(resolve_preset(preset), overrides(args))


def overrides(args: argparse.Namespace) -> list[str]:
    """--set KEY=VALUE overrides, with --device as training.device."""
    return list(args.overrides) + ([f"training.device={args.device}"] if getattr(args, "device", None) else [])


def runs_dir(args: argparse.Namespace) -> Path:
    from tui.runs.location import default_runs_dir

    return args.runs_dir or default_runs_dir()


def training_run(spec: str | None, root: Path) -> Path:
    """The run folder named by `spec` (default: the latest running run), which must be training now."""
    from tui.core.errors import UserError
    from tui.core.vocabulary import RUNNING
    from tui.runs.follow import training
    from tui.runs.listing import list_runs, read_run, resolve_run

    if spec is None:
        running = [run for run in list_runs(root) if run.status == RUNNING]
        if not running:
            raise UserError(N_("no run is training in {folder} (see `nn-tui runs`)").format(folder=root))
        return running[-1].path
    run_dir = resolve_run(spec, root)
    if not training(run_dir):
        status = read_run(run_dir).status
        raise UserError(N_("{run} is not training (it is {status}); `nn-tui train --resume {run}` continues it").format(
            run=run_dir.name, status=status))
    return run_dir
