"""Every Annex A rule: passes on a clean workbook, fails on exactly the rows a mutation breaks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.statutory.annexa.annex_xlsx import Lists, annex_data, mutated
from thrive.statutory.annexa import registry, spec
from thrive.statutory.rules import run_rules

D = dt.date
Change = Callable[[Lists], Any]
L7_EPO = spec.LIST_BY_TABLE["list_7"].columns[13].name


def put(table: str, index: int, **values: Any) -> Change:
    return lambda lists: lists[table][index].update(values)


def setv(table: str, index: int, name: str, value: Any) -> Change:
    return lambda lists: lists[table][index].__setitem__(name, value)


def pop(table: str, index: int, name: str) -> Change:
    return lambda lists: lists[table][index].pop(name)


def both(*changes: Change) -> Change:
    def change(lists: Lists) -> None:
        for item in changes:
            item(lists)

    return change


CASES: list[tuple[str, Change, list[tuple[str, int | None]]]] = [
    ("AA01", pop("list_3", 0, spec.CHILD_ID), [("list_3", 2)]),
    ("AA02", pop("list_3", 0, spec.TEAM), [("list_3", 2)]),
    (
        "AA03",
        both(
            setv("list_1", 0, "Date of Contact", "31/02/2024"),
            setv("list_5", 0, "Number of ICPCs in the last 12 months", 1.5),
        ),
        [("list_1", 2), ("list_5", 2)],
    ),
    ("AA04", setv("list_7", 0, "Initial Category of Abuse", "XYZ"), [("list_7", 2)]),
    (
        "AA05",
        both(
            setv("list_3", 0, "Date of Referral", D(2024, 3, 1)),
            setv("list_8", 0, "Date of Last Social Work Visit", D(2025, 4, 2)),
        ),
        [("list_3", 2), ("list_8", 2)],
    ),
    ("AA06", setv("list_7", 0, "Child Protection Plan End Date", D(2024, 5, 1)), [("list_7", 2)]),
    ("AA07", setv("list_4", 0, spec.AGE, 10), [("list_4", 2)]),
    (
        "AA07",
        both(
            setv("list_1", 1, spec.DOB, D(2024, 9, 20)),
            setv("list_1", 1, spec.AGE, 0),
            setv("list_8", 0, spec.DOB, D(2023, 6, 2)),
            setv("list_8", 0, spec.AGE, 1),
        ),
        [("list_8", 2)],
    ),
    (
        "AA07",
        both(setv("list_1", 0, spec.DOB, D(2025, 2, 20)), setv("list_1", 0, spec.AGE, 0)),
        [("list_1", 2)],
    ),
    (
        "AA08",
        both(setv("list_5", 0, spec.DOB, D(2015, 6, 16)), setv("list_10", 0, spec.FAMILY, "F9")),
        [("list_10", 2), ("list_5", 2)],
    ),
    ("AA09", setv("list_1", 1, spec.AGE, 30), [("list_1", 3)]),
    (
        "AA10",
        lambda lists: lists["list_11"].append(dict(lists["list_11"][0])),
        [("list_11", 3)],
    ),
    ("AA11", setv("list_7", 1, spec.CHILD_ID, "Z9"), [("list_7", 3)]),
    ("AA12", lambda lists: lists["list_7"].pop(1), [("list_6", 4)]),
    ("AA13", lambda lists: lists["list_8"].clear(), [("list_6", 3)]),
    ("AA14", setv("list_6", 0, "Case Status", "CIN plan"), [("list_6", 2)]),
    ("AA15", pop("list_6", 0, "Reason for Closure"), [("list_6", 2)]),
    (
        "AA16",
        setv("list_5", 0, "Was an Initial Child Protection Conference deemed unnecessary?", "Yes"),
        [("list_5", 2)],
    ),
    (
        "AA17",
        setv(
            "list_8",
            0,
            "Was the Child Offered a Return Interview After Every Missing Episode (Y/N)",
            "Y",
        ),
        [("list_8", 2)],
    ),
    ("AA18", setv("list_3", 0, "Number of Referrals in Last 12 Months", 0), [("list_3", 2)]),
    (
        "AA19",
        setv("list_5", 0, "Number of Section 47 Enquiries in the last 12 months", 0),
        [("list_5", 2)],
    ),
    ("AA20", setv("list_8", 0, "Date Ceased to be Looked After", D(2025, 3, 1)), [("list_8", 2)]),
    (
        "AA21",
        put(
            "list_8",
            0,
            **{
                "Number of Missing Episodes in the Last 12 Months": 1,
                "Was the Child Offered a Return Interview After Every Missing Episode (Y/N)": "N",
                "Did the Child Accept a Return Interview After Every Missing Episode (Y/N)": "Y",
            },
        ),
        [("list_8", 2)],
    ),
    (
        "AA22",
        setv("list_8", 0, "Start Date of Most Recent Placement", D(2023, 1, 1)),
        [("list_8", 2)],
    ),
    (
        "AA23",
        setv("list_8", 0, "Start Date of Current Legal Status", D(2023, 1, 1)),
        [("list_8", 2)],
    ),
    ("AA24", setv("list_9", 0, spec.AGE, 15), [("list_9", 2)]),
    ("AA25", setv("list_9", 0, "Eligibility Category", "a) Relevant child"), [("list_9", 2)]),
    (
        "AA26",
        setv(
            "list_10",
            0,
            "Date of Decision that Child Should No Longer be Placed for Adoption",
            D(2025, 2, 1),
        ),
        [("list_10", 2)],
    ),
    ("AA27", pop("list_10", 0, "Date Placed for Adoption"), [("list_10", 2)]),
    ("AA28", setv("list_11", 0, "Date Adopter Left Process", D(2024, 1, 1)), [("list_11", 2)]),
    ("AA29", setv("list_11", 0, "Date Stage 1 Ended", D(2023, 1, 20)), [("list_11", 2)]),
    ("AA30", setv("list_11", 0, "Number of Children Placed", 0), [("list_11", 2)]),
    ("AA31", setv("list_2", 0, "Assessment Completion Date", D(2024, 4, 1)), [("list_2", 2)]),
    ("AA32", setv("list_7", 0, "Date of latest review conference", D(2024, 5, 1)), [("list_7", 2)]),
    (
        "AA33",
        pop("list_4", 0, "Was the child assessed as requiring LA children's social care support?"),
        [("list_4", 2)],
    ),
    ("AA34", setv("list_8", 0, "Placement Provider", "PR0"), [("list_8", 2)]),
    ("AA35", pop("list_9", 0, "Type of Accommodation"), [("list_9", 2)]),
    ("AA36", pop("list_5", 0, "Date of Initial Child Protection Conference"), [("list_5", 2)]),
    ("AA37", pop("list_11", 0, "Date Application Submitted"), [("list_11", 2)]),
    (
        "AA38",
        setv(
            "list_10", 0, "Date of Decision that Child Should be Placed for Adoption", D(2023, 4, 1)
        ),
        [("list_10", 2)],
    ),
    (
        "AA39",
        setv(
            "list_10",
            0,
            "Date Child Placed in Fostering for Adoption or Concurrent Planning Placement",
            D(2023, 4, 1),
        ),
        [("list_10", 2)],
    ),
    ("AA40", setv("list_6", 0, "Date Child Was Last Seen", D(2024, 4, 20)), [("list_6", 2)]),
    ("AA41", setv("list_7", 0, "Date of the Last Statutory Visit", D(2024, 5, 1)), [("list_7", 2)]),
    ("AA42", setv("list_8", 0, "Date of Last Social Work Visit", D(2023, 5, 1)), [("list_8", 2)]),
]


def _found(
    path: Path, code: str, lists: Lists | None, **kwargs: Any
) -> list[tuple[str, int | None]]:
    result = run_rules(registry, annex_data(path, lists, **kwargs), codes=[code])
    assert result.checked == [code], result.not_checked
    return sorted(
        ((i.table or "", i.row) for i in result.issues if i.rule == code),
        key=lambda pair: (pair[0], pair[1] or 0),
    )


def test_every_rule_has_a_failing_case() -> None:
    assert sorted({case[0] for case in CASES}) == sorted(registry.codes_for(2025))


def test_clean_workbook_passes_every_rule(tmp_path: Path) -> None:
    result = run_rules(registry, annex_data(tmp_path / "a.xlsx"))
    assert result.issues == []
    assert sorted(result.checked) == sorted(registry.codes_for(2025))


@pytest.mark.parametrize(("code", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_flags_exactly_the_broken_rows(
    tmp_path: Path, code: str, change: Change, expected: list[tuple[str, int | None]]
) -> None:
    wanted = sorted(expected, key=lambda pair: (pair[0], pair[1] or 0))
    assert _found(tmp_path / "a.xlsx", code, mutated(change)) == wanted


def test_missing_identity_column_is_one_aa01_issue_per_list(tmp_path: Path) -> None:
    found = _found(tmp_path / "a.xlsx", "AA01", None, drop={"list_1": (spec.AGE,)})
    assert found == [("list_1", None)]


def test_missing_required_column_is_one_aa02_issue(tmp_path: Path) -> None:
    found = _found(tmp_path / "a.xlsx", "AA02", None, drop={"list_3": (spec.TEAM,)})
    assert found == [("list_3", None)]


def test_issue_names_child_and_column_letters(tmp_path: Path) -> None:
    data = annex_data(tmp_path / "a.xlsx", mutated(pop("list_6", 0, "Reason for Closure")))
    result = run_rules(registry, data, codes=["AA15"])
    [issue] = result.issues
    assert (issue.child, issue.fields, issue.columns) == (
        "A1",
        ("CIN Closure Date", "Reason for Closure"),
        ("J", "K"),
    )


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_each_years_rule_set_is_pinned(year: int) -> None:
    assert registry.codes_for(year) == [f"AA{n:02d}" for n in range(1, 43)]


def test_code_sets_are_pinned() -> None:
    assert spec.CODE_SETS["closure"] == {f"RC{n}" for n in range(1, 10)}
    assert spec.CODE_SETS["abuse"] == {"NEG", "PHY", "SAB", "EMO", "MUL"}
    assert len(spec.CODE_SETS["ethnicity"]) == 20
    assert len(spec.CODE_SETS["source"]) == 22
    assert {"K3", "Z11", "Z14", "H5", "P2", "Z1"} <= spec.CODE_SETS["placement"]
    assert tuple(f"list_{n}" for n in range(1, 12)) == spec.TABLES


@pytest.mark.parametrize(
    ("code", "change", "table", "expected"),
    [
        ("AA02", pop("list_3", 0, spec.TEAM), "list_3", [(2, [spec.TEAM])]),
        ("AA03", setv("list_1", 0, "Date of Contact", "31/02/2024"), "list_1", [
            (2, ["Date of Contact"])
        ]),
        ("AA04", setv("list_7", 0, "Initial Category of Abuse", "XYZ"), "list_7", [
            (2, ["Initial Category of Abuse"])
        ]),
        (
            "AA06",
            setv("list_7", 0, "Child Protection Plan End Date", D(2024, 5, 1)),
            "list_7",
            [(2, ["Child Protection Plan Start Date", "Child Protection Plan End Date"])],
        ),
        ("AA07", setv("list_4", 0, spec.AGE, 10), "list_4", [(2, [spec.DOB, spec.AGE])]),
        ("AA08", setv("list_10", 0, spec.FAMILY, "F9"), "list_10", [(2, [spec.FAMILY])]),
    ],
)  # fmt: skip
def test_generic_rules_name_the_failing_columns_per_row(
    tmp_path: Path, code: str, change: Change, table: str, expected: list[tuple[int, list[str]]]
) -> None:
    data = annex_data(tmp_path / "a.xlsx", mutated(change))
    rule = next(r for r in registry.rules_for(2025) if r.code == code)
    output = rule.function(data)
    assert isinstance(output, dict)
    assert output[table].select("__row", "__fields").rows() == expected
