"""Data errors quote little of the file: cells and names cut short and escaped, nothing of a file that is not a CSV
(data.path can name a key file; the error goes into logs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.config import DataConfig
from tui.core.errors import DataError
from tui.data.loading import load_raw

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def error_for(tmp_path: Path, content: str, target: str = "y") -> str:
    path = tmp_path / "data.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_raw(DataConfig(dataset="csv", path=str(path), target=target, val_split=0.0), 0)
    return str(caught.value)


def test_a_file_that_is_not_a_csv_is_not_quoted(tmp_path):
    message = error_for(tmp_path, f"AWS_SECRET_ACCESS_KEY={SECRET}\nAWS_REGION=us-east-1\n")
    assert SECRET not in message and "AWS_SECRET" not in message
    assert "is this a CSV file?" in message


def test_a_huge_cell_is_cut_short(tmp_path):
    message = error_for(tmp_path, "a,b,y\n1,2,0\n" + "x" * 100_000 + ",3,1\n1,2,1\n")
    assert len(message) < 400 and "xxxx…" in message


def test_binary_junk_is_escaped(tmp_path):
    message = error_for(tmp_path, "a,b,y\n1,2,0\n\x1b[2J\x07junk,3,1\n1,2,1\n")
    assert "\x1b" not in message and "\x07" not in message and "\\x1b[2J\\x07junk" in message


def test_a_very_wide_header_is_listed_in_part(tmp_path):
    header = ",".join(f"column_{i}_" + "n" * 60 for i in range(1000))
    message = error_for(tmp_path, header + "\n" + ",".join("1" for _ in range(1000)) + "\n", target="missing")
    assert len(message) < 1500 and "(1000 in all)" in message
