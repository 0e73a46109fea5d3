"""Fuzzing the readers: random and mutated files never raise, hang or crash a rule."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz.profile import FUZZ
from tests.fuzz.strategies import EDITS, mutate
from tests.statutory.ssda903.baseline import _CSV, baseline
from tests.statutory.ssda903.conftest import ofsted_providers_set
from tests.statutory.ssda903.test_ssda903_xml import to_xml
from thrive.statutory.validate import validate_paths


@pytest.fixture(autouse=True)
def _ofsted_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    # The baseline's URNs are on its own copy of Ofsted's provider lists.
    ofsted_providers_set(monkeypatch)


def _check(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        report = validate_paths([path])
        assert report.exit_code in (0, 1, 2)
        crashed = [
            n for runs in report.runs for n in runs.not_checked if "could not run" in n.reason
        ]
        assert crashed == []


def _workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("episodes")
    for row, line in enumerate(_CSV["episodes"].splitlines()):
        sheet.write_row(row, 0, line.split(","))
    book.close()
    return buffer.getvalue()


VALID_CSV = _CSV["episodes"].encode()
VALID_XML = to_xml(baseline()).encode()
VALID_XLSX = _workbook_bytes()


@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".csv", ".xlsx", ".xls", ".xml"]))
@example(data=b"\r\x01", suffix=".csv")  # old Mac line endings broke the header parser
@example(data=b'"CHILD,DOB\nC1', suffix=".csv")
def test_random_bytes_never_raise(data: bytes, suffix: str) -> None:
    _check(f"f{suffix}", data)


@FUZZ
@given(edits=EDITS)
def test_mutated_csv_never_raises(edits: list[tuple[int, int, int]]) -> None:
    _check("episodes.csv", mutate(VALID_CSV, edits))


@FUZZ
@given(edits=EDITS)
def test_mutated_workbook_never_raises(edits: list[tuple[int, int, int]]) -> None:
    _check("episodes.xlsx", mutate(VALID_XLSX, edits))


@FUZZ
@given(edits=EDITS)
@example(edits=[(0, 31, ord("-"))])  # encoding="u-f-8": an unknown encoding broke the parser
def test_mutated_ssda903_xml_never_raises(edits: list[tuple[int, int, int]]) -> None:
    _check("903.xml", mutate(VALID_XML, edits))


CELL = st.one_of(
    st.sampled_from(["", " ", "01/04/2024", "31/02/2024", "2024-04-01", "X1", "S", "=1+1"]),
    st.text(max_size=12),
)


@FUZZ
@given(cells=st.lists(st.lists(CELL, min_size=13, max_size=13), min_size=1, max_size=8))
def test_any_cell_values_never_crash_a_rule(cells: list[list[str]]) -> None:
    header = _CSV["episodes"].splitlines()[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header.split(","))
    for row in cells:
        writer.writerow(["C1", *row[1:]])
    _check("episodes.csv", buffer.getvalue().encode("utf-8", errors="replace"))
