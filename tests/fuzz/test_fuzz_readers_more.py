"""Fuzzing the readers the SSDA903 fuzzers do not reach: CIN XML, Annex A XLSX, workforce CSV.

Random edits to a valid file and random cell values in a valid layout: the validator never
raises, never crashes a rule, and reports every problem with a code and a message.
"""

from __future__ import annotations

import copy
import csv
import io
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.profile import FUZZ
from tests.fuzz.strategies import CELL, EDITS, mutate
from tests.statutory.annexa.annex_xlsx import clean_lists, write_workbook
from tests.statutory.cin.cin_xml import census_xml
from tests.statutory.workforce.test_workforce import clean_files
from thrive.statutory.annexa import spec as annexa_spec
from thrive.statutory.validate import validate_paths
from thrive.statutory.workforce import spec as workforce_spec

VALID_CIN = census_xml()


def _check(folder: Path, return_: str) -> None:
    report = validate_paths([folder], return_=return_)
    assert report.exit_code in (0, 1, 2)
    crashed = [n for run in report.runs for n in run.not_checked if "could not run" in n.reason]
    assert crashed == []
    assert all(issue.rule and issue.message for issue in report.issues)


def _write(name: str, data: bytes, return_: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(data)
        _check(Path(folder), return_)


@FUZZ
@given(edits=EDITS)
def test_mutated_cin_xml_never_raises(edits: list[tuple[int, int, int]]) -> None:
    _write("cin_census.xml", mutate(VALID_CIN, edits), "cin")


@FUZZ
@given(text=st.lists(CELL, min_size=1, max_size=6), where=st.integers(0, 10**6))
def test_any_text_in_cin_elements_never_raises(text: list[str], where: int) -> None:
    from xml.sax.saxutils import escape

    parts = VALID_CIN.split(b"</")
    index = 1 + where % (len(parts) - 1)
    inserted = "".join(escape(t) for t in text if "\x00" not in t).encode("utf-8", "replace")
    parts[index - 1] = parts[index - 1] + inserted
    _write("cin_census.xml", b"</".join(parts), "cin")


@FUZZ
@given(
    table=st.sampled_from([annex_list.table for annex_list in annexa_spec.LISTS]),
    values=st.lists(st.one_of(CELL, st.integers(-5, 10**6), st.dates()), min_size=1, max_size=8),
)
def test_any_annex_a_cell_values_never_crash(table: str, values: list[Any]) -> None:
    lists = copy.deepcopy(clean_lists())
    rows = lists.get(table) or [{}]
    row = dict(rows[0])
    columns = [c.name for c in next(a for a in annexa_spec.LISTS if a.table == table).columns]
    for number, value in enumerate(values):
        if isinstance(value, str):
            value = value.replace("\x00", "")
        row[columns[number % len(columns)]] = value
    lists[table] = [*rows, row]
    with tempfile.TemporaryDirectory() as folder:
        write_workbook(Path(folder) / "annex_a.xlsx", lists)
        _check(Path(folder), "annexa")


@FUZZ
@given(edits=EDITS)
def test_mutated_annex_a_workbook_never_raises(edits: list[tuple[int, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "annex_a.xlsx")
        path.write_bytes(mutate(path.read_bytes(), edits))
        _check(Path(folder), "annexa")


def _workforce_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(workforce_spec.STAFF_COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", "replace")


VALID_WORKFORCE = _workforce_csv(clean_files()["staff"])


@FUZZ
@given(edits=EDITS)
def test_mutated_workforce_csv_never_raises(edits: list[tuple[int, int, int]]) -> None:
    _write("workforce_staff.csv", mutate(VALID_WORKFORCE, edits), "workforce")


@FUZZ
@given(values=st.lists(CELL, min_size=len(workforce_spec.STAFF_COLUMNS), max_size=40))
def test_any_workforce_cell_values_never_crash(values: list[str]) -> None:
    columns = list(workforce_spec.STAFF_COLUMNS)
    row = {column: values[i] for i, column in enumerate(columns)}
    _write("workforce_staff.csv", _workforce_csv([*clean_files()["staff"], row]), "workforce")
