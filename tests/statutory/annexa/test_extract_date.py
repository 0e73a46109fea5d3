"""Annex A is an inspection-time extract: ages, the window and the year come from the extract
date (given, stated in the workbook, or agreed by the children's ages), not from 31 March."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from tests.statutory.annexa.annex_xlsx import A1, clean_lists, write_workbook
from thrive.statutory.annexa import spec
from thrive.statutory.annexa.format import inferred_extract_date, to_return_data, window
from thrive.statutory.annexa.reader import cell_date, read_annexa, workbook_extract_date
from thrive.statutory.annexa.registry import registry
from thrive.statutory.reading import SourceFile
from thrive.statutory.rules import run_rules
from thrive.statutory.validate import validate_paths

D = dt.date
OCTOBER = D(2024, 10, 14)


def _october_lists() -> list[dict[str, object]]:
    """Contacts in an extract taken on 14 October 2024. K1 (born 1 December 2014) is 9 then,
    but 10 on 31 March 2025. K2 turned 10 that day and K3 turns 12 the day after, so the ages
    agree on 14 October 2024 alone."""
    rows = []
    for child, born, age in [
        ("K1", D(2014, 12, 1), 9),
        ("K2", D(2014, 10, 14), 10),
        ("K3", D(2012, 10, 15), 11),
    ]:
        who = {**A1, spec.CHILD_ID: child, spec.DOB: born, spec.AGE: age}
        rows.append({**who, "Date of Contact": D(2024, 10, 1), "Contact Source": "1A"})
    return rows


def _add_cover(path: Path, cells: dict[tuple[int, int], object], title: str = "Cover") -> Path:
    """An Annex A workbook of one list plus a cover sheet with `cells` at (row, column)."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet(title)
    dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for (row, column), value in cells.items():
        if isinstance(value, dt.date):
            sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), dates)
        else:
            sheet.write(row, column, value)
    contacts = workbook.add_worksheet("List 1 - Contacts")
    names = [c.name for c in spec.LIST_BY_TABLE["list_1"].columns]
    for index, name in enumerate(names):
        contacts.write_string(0, index, name)
    for number, row in enumerate(_october_lists(), start=1):
        for index, name in enumerate(names):
            value = row.get(name)
            if isinstance(value, dt.date):
                contacts.write_datetime(number, index, dt.datetime.combine(value, dt.time()), dates)
            elif isinstance(value, int):
                contacts.write_number(number, index, value)
            elif value is not None:
                contacts.write_string(number, index, str(value))
    workbook.close()
    return path


def test_window_is_the_twelve_months_to_the_extract_date() -> None:
    assert window(OCTOBER) == (D(2023, 10, 15), OCTOBER)
    assert window(D(2024, 2, 29)) == (D(2023, 3, 1), D(2024, 2, 29))


def test_ages_are_checked_at_the_extract_date(tmp_path: Path) -> None:
    lists = {"list_1": _october_lists()}
    workbook = read_annexa(SourceFile.of(write_workbook(tmp_path / "a.xlsx", lists)))
    at_extract = to_return_data(workbook, 2025, "a.xlsx", OCTOBER)
    assert (at_extract.period_start, at_extract.period_end) == (D(2023, 10, 15), OCTOBER)
    # Every list carries the extract date into the stored version (for measures at that date).
    stamped = at_extract["list_8"].get_column(spec.EXTRACT_DATE_COLUMN)
    assert (
        stamped.dtype == pl.Date
        and at_extract["list_1"][spec.EXTRACT_DATE_COLUMN].to_list() == [OCTOBER] * 3
    )
    assert run_rules(registry, at_extract, codes=["AA05", "AA07"]).issues == []
    # The old behaviour: a fixed 31 March extract flags the children whose birthdays fell
    # between (K1 on 1 December, K3 on 15 October).
    year_end = to_return_data(workbook, 2025, "a.xlsx")
    flagged = run_rules(registry, year_end, codes=["AA07"]).issues
    assert [(i.rule, i.table, i.row, i.child) for i in flagged] == [
        ("AA07", "list_1", 2, "K1"),
        ("AA07", "list_1", 4, "K3"),
    ]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({(0, 0): "Extract date", (0, 1): OCTOBER}, OCTOBER),
        ({(2, 1): "Date of extract:", (3, 1): OCTOBER}, OCTOBER),  # date below the label
        ({(0, 0): "Data extracted on", (0, 1): "14/10/2024"}, OCTOBER),
        ({(0, 0): "Local authority", (0, 1): "Northbridge"}, None),
        ({(0, 0): "Extract date", (0, 1): "not known"}, None),
    ],
)
def test_workbook_states_its_extract_date(
    tmp_path: Path, cells: dict[tuple[int, int], object], expected: D | None
) -> None:
    path = _add_cover(tmp_path / "a.xlsx", cells)
    assert workbook_extract_date(SourceFile.of(path)) == expected


def test_cell_dates() -> None:
    assert cell_date("2024-10-14 00:00:00") == OCTOBER
    assert cell_date("14/10/2024") == OCTOBER
    assert cell_date("45579") == OCTOBER  # Excel serial day
    assert cell_date("31/02/2024") is None
    assert cell_date("October") is None


def test_validate_takes_the_extract_date_from_the_workbook(tmp_path: Path) -> None:
    path = _add_cover(tmp_path / "a.xlsx", {(0, 0): "Extract date", (0, 1): OCTOBER})
    report = validate_paths([path])
    assert [(r.return_id, r.year, r.period) for r in report.runs] == [
        ("annexa", 2025, (D(2023, 10, 15), OCTOBER))
    ]
    assert report.issues == []


def test_a_given_extract_date_wins_and_must_agree_with_the_year(tmp_path: Path) -> None:
    path = _add_cover(tmp_path / "a.xlsx", {(0, 0): "Extract date", (0, 1): D(2025, 3, 31)})
    given = validate_paths([path], extract_date=OCTOBER)
    assert [r.period for r in given.runs] == [(D(2023, 10, 15), OCTOBER)]
    assert given.issues == []
    clash = validate_paths([path], year=2026, extract_date=OCTOBER)
    assert clash.runs == [] and clash.exit_code == 2
    [issue] = clash.issues
    assert issue.rule == "FILE12"
    assert "14/10/2024 falls in the collection year ending 31 March 2025, not 2026" in (
        issue.message
    )


def test_without_a_date_the_ages_decide_and_the_run_says_so(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"list_1": _october_lists()})
    report = validate_paths([path])
    [run] = report.runs
    assert run.period == (D(2023, 10, 15), OCTOBER)
    assert report.issues == [] and report.exit_code == 0
    assert run.notes == [
        "extract date 14/10/2024 taken from the children's ages (the workbook does not state "
        "it); give --extract-date if the data was pulled on another day"
    ]


def test_without_ages_either_31_march_is_assumed_with_a_warning(tmp_path: Path) -> None:
    lists = {"list_1": [{**row, spec.AGE: None} for row in _october_lists()]}
    report = validate_paths([write_workbook(tmp_path / "a.xlsx", lists)])
    assert [r.period for r in report.runs] == [(D(2024, 4, 1), D(2025, 3, 31))]
    rules = sorted(i.rule for i in report.issues)
    assert "AA00" in rules
    [note] = [i for i in report.issues if i.rule == "AA00"]
    assert note.severity.value == "warning"
    assert "Thrive assumed 31 March 2025" in note.message


def test_inference_prefers_a_year_end_the_ages_allow(tmp_path: Path) -> None:
    workbook = read_annexa(SourceFile.of(write_workbook(tmp_path / "a.xlsx", clean_lists())))
    # Ages allow 3 March to 4 May 2025; the latest recorded date is 20 March 2025.
    assert inferred_extract_date(workbook) == D(2025, 3, 31)


def test_generated_extract_on_an_ordinary_day_passes(tmp_path: Path) -> None:
    """Acceptance (issue 12): an Annex A workbook extracted on 14 October with correct ages."""
    from thrive.synth import annexa
    from thrive.synth.generate import CouncilSpec
    from thrive.synth.simulate import simulate_council

    data = simulate_council(
        CouncilSpec("990", "Northbridge", "North East", 3000), seed=9, end_year=2026, years=1
    )
    extract = D(2025, 10, 14)
    lists = annexa.build_tables(data, extract)
    path = tmp_path / "annex_a.xlsx"
    annexa.write_workbook(lists, path, 2026, extract)
    assert workbook_extract_date(SourceFile.of(path)) == extract
    report = validate_paths([path])
    [run] = report.runs
    assert (run.return_id, run.year, run.period) == ("annexa", 2026, (D(2024, 10, 15), extract))
    assert run.rows_checked > 500
    assert report.issues == []
    assert report.exit_code == 0


def test_cli_refuses_a_malformed_extract_date(tmp_path: Path) -> None:
    from thrive.cli import app

    path = write_workbook(tmp_path / "a.xlsx")
    result = CliRunner().invoke(app, ["validate", str(path), "--extract-date", "14/10/2024"])
    assert result.exit_code == 2
    assert "give it as YYYY-MM-DD" in result.output
    ok = CliRunner().invoke(
        app, ["validate", str(path), "--extract-date", "2025-03-31", "--format", "json"]
    )
    assert ok.exit_code == 0, ok.output
    assert '"2024-04-01",\n        "2025-03-31"' in ok.output
