"""Workforce census: detection, reading, every WF rule (pass and fail on exact rows), fuzzing."""

from __future__ import annotations

import copy
import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thrive.statutory.validate import validate_paths
from thrive.statutory.workforce import registry, spec

Row = dict[str, str]
Files = dict[str, list[Row]]
Change = Callable[[Files], Any]

CENSUS = "30/09/2025"


def _staff(**values: str) -> Row:
    base = dict.fromkeys(spec.STAFF_COLUMNS, "")
    base.update({"LA": "990", "CensusDate": CENSUS})
    base.update(values)
    return base


def clean_files() -> Files:
    return {
        "staff": [
            _staff(
                StaffID="S001",
                SWENumber="SW10001",
                Team="Assessment",
                Role="5",
                Agency="0",
                FTE="1.00",
                StartDate="01/02/2019",
                CasesHeld="18",
                SicknessDays="4.5",
                Gender="F",
                DateOfBirth="12/03/1985",
                Ethnicity="WBRI",
            ),
            _staff(
                StaffID="S002",
                SWENumber="SW10002",
                Team="Safeguarding",
                Role="3",
                Agency="0",
                FTE="0.80",
                StartDate="15/06/2015",
                CasesHeld="0",
                SicknessDays="2.0",
                Gender="M",
                DateOfBirth="01/01/1975",
                Ethnicity="BCRB",
            ),
            _staff(
                StaffID="S003",
                SWENumber="SW10003",
                Team="Children in Care",
                Role="5",
                Agency="1",
                FTE="1.00",
                StartDate="01/10/2024",
                CasesHeld="15",
                Gender="U",
                DateOfBirth="30/06/1990",
                Ethnicity="AIND",
            ),
            _staff(
                StaffID="S004",
                SWENumber="SW10004",
                Team="Assessment",
                Role="5",
                Agency="0",
                FTE="0.60",
                StartDate="01/04/2020",
                LeavingDate="31/03/2025",
                ReasonLeaving="RES",
                CasesHeld="0",
                SicknessDays="3.0",
                Gender="F",
                DateOfBirth="05/05/1992",
                Ethnicity="WBRI",
            ),
        ],
        "vacancies": [
            {
                "LA": "990",
                "CensusDate": CENSUS,
                "Team": "Assessment",
                "Role": "5",
                "VacantFTE": "2.5",
                "CoveredByAgencyFTE": "1.5",
            },
            {
                "LA": "990",
                "CensusDate": CENSUS,
                "Team": "Safeguarding",
                "Role": "5",
                "VacantFTE": "1.0",
                "CoveredByAgencyFTE": "0.0",
            },
        ],
    }


def write_files(folder: Path, files: Files | None = None) -> Path:
    data = clean_files() if files is None else files
    folder.mkdir(parents=True, exist_ok=True)
    for name, columns, file_name in (
        ("staff", spec.STAFF_COLUMNS, "workforce_staff.csv"),
        ("vacancies", spec.VACANCY_COLUMNS, "workforce_vacancies.csv"),
    ):
        with (folder / file_name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns))
            writer.writeheader()
            writer.writerows(data[name])
    return folder


def put(table: str, index: int, **values: str) -> Change:
    return lambda files: files[table][index].update(values)


def both(*changes: Change) -> Change:
    def change(files: Files) -> None:
        for item in changes:
            item(files)

    return change


CASES: list[tuple[str, Change, list[tuple[str, int]]]] = [
    ("WF01", put("staff", 1, StaffID="S001"), [("staff", 3)]),
    ("WF02", put("staff", 0, FTE="1.2"), [("staff", 2)]),
    ("WF03", put("staff", 0, StartDate="31/02/2019"), [("staff", 2)]),
    ("WF04", put("staff", 3, LeavingDate="01/01/2020"), [("staff", 5)]),
    ("WF05", put("staff", 0, Agency="Y"), [("staff", 2)]),
    ("WF06", both(put("staff", 1, Role="7"), put("vacancies", 0, Role="9")),
     [("staff", 3), ("vacancies", 2)]),
    ("WF07", put("staff", 0, CasesHeld="2.5"), [("staff", 2)]),
    ("WF08", put("staff", 3, ReasonLeaving=""), [("staff", 5)]),
    ("WF09", both(put("staff", 0, ReasonLeaving="RES"), put("staff", 3, ReasonLeaving="XYZ")),
     [("staff", 2), ("staff", 5)]),
    ("WF10", put("staff", 0, SWENumber="12345"), [("staff", 2)]),
    ("WF11", both(put("staff", 0, CensusDate="31/03/2025"),
                  put("vacancies", 1, CensusDate="30/09/2024")),
     [("staff", 2), ("vacancies", 3)]),
    ("WF12", put("staff", 1, StartDate="01/10/2025"), [("staff", 3)]),
    ("WF13", put("staff", 3, CasesHeld="5"), [("staff", 5)]),
    ("WF14", put("staff", 0, Ethnicity="XXXX"), [("staff", 2)]),
    ("WF15", put("staff", 0, Gender="X"), [("staff", 2)]),
    ("WF16", both(put("staff", 0, DateOfBirth="01/01/2010"),
                  put("staff", 1, DateOfBirth="01/01/1940")),
     [("staff", 2), ("staff", 3)]),
    ("WF17", put("vacancies", 0, VacantFTE="-1"), [("vacancies", 2)]),
    ("WF18", put("vacancies", 1, CoveredByAgencyFTE="2.0"), [("vacancies", 3)]),
    ("WF19", put("staff", 1, LA="991"), [("staff", 3)]),
    ("WF20", put("staff", 2, SicknessDays="2.0"), [("staff", 4)]),
]  # fmt: skip


def _issues(folder: Path) -> list[tuple[str, str, int | None]]:
    report = validate_paths([folder], return_="workforce")
    assert [run.return_id for run in report.runs] == ["workforce"]
    return [(i.rule, i.table or "", i.row) for i in report.issues]


def test_every_rule_has_a_failing_case() -> None:
    assert sorted(case[0] for case in CASES) == registry.codes_for(2025)


def test_clean_files_give_no_issues_and_detect_year(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "workforce" / "2025")
    report = validate_paths([folder])
    assert [(run.return_id, run.year, run.rows_checked) for run in report.runs] == [
        ("workforce", 2025, 6)
    ]
    assert report.issues == []
    assert report.exit_code == 0


@pytest.mark.parametrize(("code", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_flags_exactly_the_broken_rows(
    tmp_path: Path, code: str, change: Change, expected: list[tuple[str, int]]
) -> None:
    files = copy.deepcopy(clean_files())
    change(files)
    found = sorted((table, row) for rule, table, row in _issues(write_files(tmp_path, files))
                   if rule == code)  # fmt: skip
    assert found == sorted(expected)


def test_issue_names_staff_id_and_field(tmp_path: Path) -> None:
    files = copy.deepcopy(clean_files())
    put("staff", 1, Gender="Q")(files)
    report = validate_paths([write_files(tmp_path, files)])
    assert [(i.rule, i.child, i.fields, i.severity.value) for i in report.issues] == [
        ("WF15", "S002", ("Gender",), "error")
    ]
    assert report.issues[0].file is not None
    assert report.issues[0].file.endswith("workforce_staff.csv")


def test_agency_sickness_is_only_a_warning(tmp_path: Path) -> None:
    files = copy.deepcopy(clean_files())
    put("staff", 2, SicknessDays="1.0")(files)
    report = validate_paths([write_files(tmp_path, files)])
    assert [(i.rule, i.severity.value) for i in report.issues] == [("WF20", "warning")]
    assert report.exit_code == 0


def test_missing_column_is_a_clear_file_problem(tmp_path: Path) -> None:
    folder = write_files(tmp_path)
    path = folder / "workforce_staff.csv"
    text = path.read_text().replace(",Ethnicity", "")
    path.write_text("\n".join(line.rsplit(",", 1)[0] if i else line for i, line in
                              enumerate(text.splitlines())) + "\n")  # fmt: skip
    report = validate_paths([folder], return_="workforce")
    assert [(i.rule, i.fields) for i in report.issues if i.rule.startswith("FILE")] == [
        ("FILE06", ("Ethnicity",))
    ]


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026, 2027])
def test_each_years_rule_set_is_pinned(year: int) -> None:
    assert registry.codes_for(year) == [f"WF{n:02d}" for n in range(1, 21)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "workforce_staff.csv"
    path.write_bytes(b"LA,CensusDate,StaffID,SWENumber,Team,Role\n" + content)
    report = validate_paths([path], return_="workforce")
    assert report.exit_code in {0, 1, 2}


def test_staff_as_a_workbook_is_read_with_column_letters(tmp_path: Path) -> None:
    import xlsxwriter

    folder = write_files(tmp_path)
    (folder / "workforce_staff.csv").unlink()
    workbook = xlsxwriter.Workbook(str(folder / "staff.xlsx"))
    sheet = workbook.add_worksheet("Staff")
    sheet.write_row(0, 0, list(spec.STAFF_COLUMNS))
    for number, row in enumerate(clean_files()["staff"], start=1):
        values = [row[c] for c in spec.STAFF_COLUMNS]
        values[spec.STAFF_COLUMNS.index("Gender")] = "X" if number == 2 else values[13]
        sheet.write_row(number, 0, values)
    workbook.close()
    report = validate_paths([folder])
    assert [(i.rule, i.row, i.child, i.columns) for i in report.issues] == [
        ("WF15", 3, "S002", ("N",))
    ]
