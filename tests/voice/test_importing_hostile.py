"""Survey CSV reader: files the csv module chokes on are clear file errors, never tracebacks."""

from __future__ import annotations

from datetime import date

import pytest

from thrive.voice.importing import ImportFileError, read_feedback_csv

HEADER = b"date,source,feedback\n"


def _read(data: bytes) -> tuple[list, list]:
    return read_feedback_csv(
        data, theme_names=set(), known_references=set(), today=date(2026, 1, 1)
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (HEADER + b'2024-01-01,child,"' + b"x" * 200_000 + b'"\n', "field larger than field limit"),
        (HEADER + b"2024-01-01,child,a\x00b\n", "binary data"),
    ],
)
def test_unreadable_csv_is_a_file_error(data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        _read(data)


def test_old_mac_line_endings_are_read() -> None:
    rows, errors = _read(HEADER.replace(b"\n", b"\r") + b"2024-01-01,child,Kind staff\r")
    assert errors == [] and [row.summary for row in rows] == ["Kind staff"]
