"""The Annex A reader: sheet and heading matching, answer normalisation, dates, hostile files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.statutory.annexa.annex_xlsx import clean_lists, write_workbook
from thrive.statutory.annexa import spec
from thrive.statutory.annexa.reader import list_for_sheet, match_headings, read_annexa
from thrive.statutory.annexa.values import normalise
from thrive.statutory.reading import SourceFile, date_col, int_col
from thrive.statutory.validate import validate_paths

TMP_PATH_OK = [HealthCheck.function_scoped_fixture]


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("List 1 - Contacts", 1),
        ("list_11", 11),
        ("L6 CIN", 6),
        ("List10 Adoption", 10),
        ("Care leavers", 9),
        ("Adopters", 11),
        ("Children in care", 8),
        ("Notes", None),
    ],
)
def test_sheet_titles_map_to_lists(title: str, number: int | None) -> None:
    found = list_for_sheet(title)
    assert (found.number if found else None) == number


def test_headings_match_case_and_wording_variants() -> None:
    annex_list = spec.LIST_BY_TABLE["list_5"]
    headings = [
        "CHILD UNIQUE ID",
        "gender",
        "Ethnicity ",
        "Date of birth",
        "Age of child (years)",
        "Does the child have a disability",
        "Strategy Discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary",
        "Date of ICPC",
        "Did the ICPC result in a CP plan",
        "Number of S47s in the last 12 months",
        "Number of ICPCs in last 12 months",
        "Allocated team",
        "Allocated social worker",
    ]
    mapping = match_headings(headings, annex_list)
    assert len(mapping) == len(annex_list.columns)
    assert mapping["Date of Initial Child Protection Conference"] == "Date of ICPC"
    assert mapping["Number of Section 47 Enquiries in the last 12 months"] == (
        "Number of S47s in the last 12 months"
    )
    assert mapping[spec.WORKER] == "Allocated social worker"


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        ("a) Male", "gender", "Male"),
        ("F", "gender", "Female"),
        ("c) Not stated/recorded", "gender", "Not stated/recorded"),
        ("a) WBRI", "ethnicity", "WBRI"),
        ("WBRI - White British", "ethnicity", "WBRI"),
        ("q) 6: Police", "source", "6"),
        ("a) 1A: Individual", "source", "1A"),
        ("RC1 - Adopted", "closure", "RC1"),
        ("N4 - Family in acute stress", "need", "N4"),
        ("b) Physical abuse", "abuse", "PHY"),
        ("Neglect", "abuse", "NEG"),
        ("a) Yes", "yes_no", "Yes"),
        ("N", "yes_no", "No"),
        ("Unknown", "yes_no_unknown", "Unknown"),
        ("Unknown", "yes_no", None),
        ("a) Looked after child", "case_status", "Looked after"),
        ("b) Child Protection plan", "case_status", "CP plan"),
        ("e) Closed episode", "case_status", "Closed episode"),
        ("a) E11: Adopted - application unopposed", "reason_ceased", "E11"),
        ("E4A", "reason_ceased", "E4A"),
        ("c) U3: Foster placement - relative - not FFA", "placement", "U3"),
        ("b) Former relevant child", "eligibility", "Former relevant"),
        ("D1", "accommodation", "D"),
        ("1 - Adopter withdrew from process", "adopter_left", "1"),
        ("926", "la_of_placement", "926"),
        ("WAL - Child placed in Wales", "la_of_placement", "WAL"),
        ("Long-term fostering", "permanence", "Long-term fostering"),
        ("XYZ", "closure", None),
        ("   ", "closure", None),
    ],
)
def test_coded_answers_are_normalised(value: str, key: str, expected: str | None) -> None:
    assert normalise(value, key) == expected


def test_dates_from_cells_text_and_serial_numbers(tmp_path: Path) -> None:
    lists = clean_lists()
    lists["list_1"][0]["Date of Contact"] = "2/5/2024"
    lists["list_1"][1]["Date of Contact"] = 45413  # Excel serial for 1 May 2024
    lists["list_2"][0]["Assessment Completion Date"] = "30/04/2024"
    path = write_workbook(tmp_path / "a.xlsx", lists)
    workbook = read_annexa(SourceFile.of(path))
    contacts = workbook.tables["list_1"].frame
    assert contacts.get_column(date_col("Date of Contact")).to_list() == [
        dt.date(2024, 5, 2),
        dt.date(2024, 5, 1),
    ]
    assert contacts.get_column(int_col(spec.AGE)).to_list() == [9, 4]
    early = workbook.tables["list_2"].frame
    assert early.get_column(date_col("Assessment Start Date")).to_list() == [dt.date(2024, 4, 10)]
    assert early.get_column(date_col("Assessment Completion Date")).to_list() == [
        dt.date(2024, 4, 30)
    ]


def test_rows_letters_and_missing_columns(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", drop={"list_3": ("Referral Source",)})
    workbook = read_annexa(SourceFile.of(path))
    referrals = workbook.tables["list_3"]
    assert referrals.frame.get_column("__row").to_list() == [2]
    assert referrals.letters[spec.CHILD_ID] == "A"
    assert referrals.letters["Referral NFA?"] == "G"
    assert workbook.missing == {"list_3": ("Referral Source",)}
    assert referrals.sheet == "List 3 - Referrals"


def test_validate_detects_annexa_and_window_year(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "export.xlsx")
    report = validate_paths([path])
    assert [(run.return_id, run.year) for run in report.runs] == [("annexa", 2025)]
    assert report.issues == []
    # No extract date stated or given: the ages agree on a year-end extract, noted on the run.
    [run] = report.runs
    assert run.period == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert run.notes[0].startswith("extract date 31/03/2025 taken from the children's ages")
    given = validate_paths([path], extract_date=dt.date(2025, 3, 31))
    assert given.issues == [] and given.runs[0].notes == []


def test_validate_names_sheet_row_column_and_child(tmp_path: Path) -> None:
    lists = clean_lists()
    lists["list_6"][0].pop("Reason for Closure")
    report = validate_paths([write_workbook(tmp_path / "a.xlsx", lists)], return_="annexa")
    found = [(i.rule, i.table, i.row, i.child, i.columns) for i in report.issues]
    assert found == [("AA15", "list_6", 2, "A1", ("J", "K"))]


def test_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
    report = validate_paths([path], return_="annexa")
    assert [i.rule for i in report.issues] == ["FILE04"]
    assert report.exit_code == 2


def test_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annex.xlsx"
    path.write_bytes(b"Child Unique ID,Gender\nA1,Male\n")
    report = validate_paths([path], return_="annexa")
    assert [i.rule for i in report.issues] == ["FILE01"]


def test_workbook_without_lists_is_not_annexa(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Budget").write_row(0, 0, ["Cost centre", "Amount"])
    workbook.close()
    report = validate_paths([path], return_="annexa")
    assert [i.rule for i in report.issues] == ["FILE10"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "annex.xlsx"
    path.write_bytes(b"PK\x03\x04" + content)
    report = validate_paths([path], return_="annexa")
    assert report.exit_code == 2


@pytest.mark.slow
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 10_000), st.integers(0, 255))
def test_mutated_workbooks_never_crash(tmp_path: Path, position: int, value: int) -> None:
    path = write_workbook(tmp_path / "a.xlsx")
    content = bytearray(path.read_bytes())
    content[position % len(content)] = value
    path.write_bytes(bytes(content))
    report = validate_paths([path], return_="annexa")
    assert report.exit_code in {0, 1, 2}


def test_macro_enabled_workbook_name_is_read_without_running_anything(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "annex.xlsm")
    report = validate_paths([path], extract_date=dt.date(2025, 3, 31))
    assert [(run.return_id, run.year) for run in report.runs] == [("annexa", 2025)]
    assert report.issues == []
