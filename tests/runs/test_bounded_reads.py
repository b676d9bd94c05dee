"""Run files are read only when they are regular files of a sane size: a link to /dev/zero, a named pipe, a
huge file or a loop of links in a copied run folder is listed as damaged, or refused in one line, never read
forever. A valid preset near the size limit gives a run folder that can be read back and resumed."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_clear_line, run_cli
from tests.runs.helpers import fake_run
from tests.runs.test_run_lock import stopped_run
from tui.core.bounded_read import UnsafeFile, read_bounded
from tui.core.config import MAX_PRESET_BYTES, load_config
from tui.runs.file_limits import MAX_CHECKPOINT_BYTES, MAX_METRICS_BYTES, MAX_RUN_CONFIG_BYTES, MAX_SUMMARY_BYTES
from tui.runs.folder import RunStore
from tui.runs.listing import read_run
from tui.runs.resume import resume_config

NAME = "copied-20260101-100000"
LIMITS = {"config.toml": MAX_RUN_CONFIG_BYTES, "summary.json": MAX_SUMMARY_BYTES, "metrics.csv": MAX_METRICS_BYTES,
          "resume.pt": MAX_CHECKPOINT_BYTES}


def make_bad(file: Path, kind: str) -> None:
    file.unlink(missing_ok=True)
    if kind == "a link to /dev/zero":
        file.symlink_to("/dev/zero")
    elif kind == "a named pipe":
        os.mkfifo(file)
    elif kind == "a loop of links":
        file.symlink_to(file.name)
    else:  # one byte over the limit, sparse: no disk used
        with open(file, "wb") as handle:
            handle.truncate(LIMITS.get(file.name, MAX_SUMMARY_BYTES) + 1)


KINDS = ["a link to /dev/zero", "a named pipe", "a loop of links", "over the size limit"]
NOT_REGULAR = "not a regular file (a device, pipe or folder)"
WHY = {"a link to /dev/zero": NOT_REGULAR, "a named pipe": NOT_REGULAR, "a loop of links": "a loop of symbolic links"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(LIMITS))
def test_the_listing_reports_such_a_folder_as_damaged_saying_why(tmp_path, name, kind):
    path = fake_run(tmp_path, NAME)
    make_bad(path / name, kind)
    info = read_run(path)
    assert info.status == "damaged"
    why = f"{LIMITS[name] + 1} bytes, more than the {LIMITS[name]} allowed" if kind == "over the size limit" else WHY[kind]
    assert f"{name} unreadable ({why})" in info.note


@pytest.mark.parametrize("kind", KINDS)
def test_runs_and_runs_show_list_it_without_reading_it(tmp_path, capsys, kind):
    path = fake_run(tmp_path, NAME)
    make_bad(path / "summary.json", kind)
    assert run_cli(capsys, "runs", "--runs-dir", str(tmp_path))[0] == 0
    assert run_cli(capsys, "runs", "show", NAME, "--runs-dir", str(tmp_path))[0] == 0


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    return stopped_run(tmp_path_factory.mktemp("trained"))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["config.toml", "events.jsonl", "metrics.csv", "resume.pt"])
def test_resume_refuses_such_a_file_in_one_line(tmp_path, capsys, trained, name, kind):
    run_dir = tmp_path / trained.name
    shutil.copytree(trained, run_dir)
    make_bad(run_dir / name, kind)
    code, err = run_cli(capsys, "train", "--resume", str(run_dir), "--quiet")
    if name == "events.jsonl" and kind == "over the size limit":  # read a line at a time: the absurd line is cut
        assert code == 0 and (run_dir / name).read_bytes().count(b"\0") == 0
        return
    assert_one_clear_line(code, err, name)


def test_a_bounded_read_names_the_size_and_the_limit(tmp_path):
    file = tmp_path / "big"
    file.write_bytes(b"x" * 101)
    assert read_bounded(file, 101) == b"x" * 101
    with pytest.raises(UnsafeFile, match="101 bytes, more than the 100 allowed"):
        read_bounded(file, 100)


def test_a_valid_preset_near_the_limit_gives_a_config_that_reads_back_for_resume(tmp_path):
    # 60 000 inline rows: about 700 kB as written by a person, 3 MB as tomli_w writes every number on its own line.
    rows = 60_000
    x = ",".join(f"[{i},{i % 7}]" for i in range(rows))
    y = ",".join(str(i % 2) for i in range(rows))
    preset = tmp_path / "big.toml"
    preset.write_text(f'name = "big"\n[data]\ndataset = "inline"\ntask = "classification"\nx = [{x}]\ny = [{y}]\n', encoding="utf-8")
    assert 600_000 < preset.stat().st_size < MAX_PRESET_BYTES
    config = load_config(preset)
    run_dir = tmp_path / "run"
    store = RunStore(run_dir)
    store.write_config(config)
    store.close()
    assert (run_dir / "config.toml").stat().st_size <= preset.stat().st_size * 1.01
    assert resume_config(run_dir) == config
    assert load_config(run_dir / "config.toml") == config  # and it is still a preset one can train again


def test_resume_refuses_a_checkpoint_larger_than_the_memory_available_allows(tmp_path, capsys, trained, monkeypatch):
    run_dir = tmp_path / trained.name
    shutil.copytree(trained, run_dir)
    monkeypatch.setattr("tui.runs.resume.available_memory", lambda: 1000)  # half of it for the file's bytes
    code, err = run_cli(capsys, "train", "--resume", str(run_dir), "--quiet")
    assert_one_clear_line(code, err, "resume.pt", "more than the 500 allowed", "this run cannot be resumed")


@pytest.mark.parametrize("kind", KINDS)
def test_reading_the_checkpoint_itself_refuses_such_a_file_unread(tmp_path, kind):
    # The listing refuses it first on the command line; the recorder's own read must not hang or fill memory either.
    from tui.core.errors import UserError
    from tui.runs.resume import read_checkpoint

    make_bad(tmp_path / "resume.pt", kind)
    why = "bytes, more than the" if kind == "over the size limit" else WHY[kind]
    with pytest.raises(UserError, match=rf"resume.pt: .*{re.escape(why)}.*; this run cannot be resumed"):
        read_checkpoint(tmp_path)
