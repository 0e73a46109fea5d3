"""Every CIN rule: passes on a clean census, fails on exactly the rows a mutation breaks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.statutory.cin.cin_xml import (
    Node,
    a_year_earlier,
    census_data,
    census_xml,
    mutated,
    upn,
)
from thrive.statutory.cin import registry
from thrive.statutory.cin.format import to_return_data
from thrive.statutory.cin.reader import read_cin_bytes
from thrive.statutory.rules import run_rules

Change = Callable[[list[Node]], Any]


def _episode(children: list[Node], child: int = 0, episode: int = 0) -> Node:
    return children[child]["episodes"][episode]


def ep(child: int, **values: Any) -> Change:
    return lambda c: _episode(c, child).update(values)


def ep_pop(child: int, key: str) -> Change:
    return lambda c: _episode(c, child).pop(key)


def ident(child: int, **values: Any) -> Change:
    return lambda c: c[child]["ids"].update(values)


def ident_pop(child: int, key: str) -> Change:
    return lambda c: c[child]["ids"].pop(key)


def module(child: int, name: str, index: int = 0, **values: Any) -> Change:
    return lambda c: _episode(c, child)[name][index].update(values)


def module_pop(child: int, name: str, key: str, index: int = 0) -> Change:
    return lambda c: _episode(c, child)[name][index].pop(key)


def add(child: int, name: str, item: Node) -> Change:
    return lambda c: _episode(c, child).setdefault(name, []).append(item)


def both(*changes: Change) -> Change:
    def change(children: list[Node]) -> None:
        for item in changes:
            item(children)

    return change


def _wrong_check_letter(children: list[Node]) -> None:
    good = children[0]["ids"]["UPN"]
    children[0]["ids"]["UPN"] = ("B" if good[0] != "B" else "C") + good[1:]


def _add_episode(child: int, **values: Any) -> Change:
    return lambda c: c[child]["episodes"].append(values)


NO_CHANGE: Change = lambda c: None  # noqa: E731
OPEN_ASSESSMENT = {"AssessmentActualStartDate": "2024-05-10", "factors": []}

# code, change, census keyword arguments, expected (table, row) pairs
CASES: list[tuple[str, Change, dict[str, Any], list[tuple[str, int | None]]]] = [
    ("100", NO_CHANGE, {"reference_date": "2025-03-30"}, [("header", None)]),
    ("8500", ident_pop(1, "LAchildID"), {}, [("children", 2)]),
    ("8510", ident(1, LAchildID="CH1"), {}, [("children", 1), ("children", 2)]),
    ("1570", ident(1, LAchildID="A" * 21), {}, [("children", 2)]),
    ("1580", ident(1, LAchildID="CH-2"), {}, [("children", 2)]),
    ("1510", _wrong_check_letter, {}, [("children", 1)]),
    ("1520", ident(2, UPN=upn("990", 1)), {}, [("children", 1), ("children", 3)]),
    ("1530", ident(0, UPN=upn("123", 1)), {}, [("children", 1)]),
    ("1540", ident(0, UPN="A990ABCDEFGH1"), {}, [("children", 1)]),
    ("1550", ident(0, UPN=upn("990", 1)[:12] + "I"), {}, [("children", 1)]),
    ("1560Q", ident(0, FormerUPN="X123"), {}, [("children", 1)]),
    ("4180", ident(1, Sex="1"), {}, [("children", 2)]),
    (
        "8750",
        both(ident_pop(1, "PersonBirthDate"), ident(1, ExpectedPersonBirthDate="2025-05-01")),
        {},
        [("children", 2)],
    ),
    ("8525Q", ident(1, ExpectedPersonBirthDate="2025-05-01"), {}, [("children", 2)]),
    ("8520", ident(1, PersonBirthDate="2025-04-02"), {}, [("children", 2)]),
    (
        "8530Q",
        both(
            ident_pop(1, "PersonBirthDate"),
            ident(1, ExpectedPersonBirthDate="2026-02-01", Sex="U"),
        ),
        {},
        [("children", 2)],
    ),
    ("8535Q", ident(0, PersonDeathDate="2014-01-01"), {}, [("children", 1)]),
    ("8545Q", ident(0, PersonDeathDate="2023-01-01"), {}, [("children", 1)]),
    ("8775Q", ident(0, PersonBirthDate="1999-01-01"), {}, [("children", 1)]),
    ("8770Q", ident_pop(0, "UPN"), {}, [("children", 1)]),
    ("8772", ident(1, UPNunknown="UN7"), {}, [("children", 2)]),
    ("4220", lambda c: c[2].update(Ethnicity="XXXX"), {}, [("children", 3)]),
    (
        "8540",
        both(
            lambda c: c[1].update(Disabilities=["MOB", "XYZ"]),
            lambda c: c[0].update(Disabilities=[]),
        ),
        {},
        [("disabilities", 2), ("children", 1)],
    ),
    ("8790", lambda c: c[0].update(Disabilities=["NONE", "MOB"]), {}, [("disabilities", 1)]),
    ("8794", lambda c: c[1].update(Disabilities=["MOB", "MOB"]), {}, [("disabilities", 2)]),
    ("2888Q", lambda c: c[1].update(Disabilities=["MOB"]), {}, [("disabilities", None)]),
    ("8590", lambda c: c[2].update(episodes=[]), {}, [("children", 3)]),
    ("8555Q", ident(0, PersonDeathDate="2024-04-15"), {}, [("cin_details", 1)]),
    ("8600", ep(1, CINreferralDate="2025-04-05"), {}, [("cin_details", 2)]),
    ("8866", ep(1, ReferralSource="11"), {}, [("cin_details", 2)]),
    ("8650", ep(1, PrimaryNeedCode="N10"), {}, [("cin_details", 2)]),
    ("8610", ep_pop(1, "PrimaryNeedCode"), {}, [("cin_details", 2)]),
    ("8640", ep(0, ReasonForClosure="RC10"), {}, [("cin_details", 1)]),
    ("8805", ep_pop(2, "ReasonForClosure"), {}, [("cin_details", 3)]),
    ("8810", ep_pop(2, "CINclosureDate"), {}, [("cin_details", 3)]),
    ("8630", ep(2, CINclosureDate="2024-08-31"), {}, [("cin_details", 3)]),
    ("8620", ep(2, CINclosureDate="2025-04-02"), {}, [("cin_details", 3)]),
    (
        "8815",
        _add_episode(
            1,
            CINreferralDate="2025-02-01",
            ReferralSource="2A",
            PrimaryNeedCode="N2",
            ReferralNFA="false",
        ),
        {},
        [("cin_details", 2)],
    ),
    (
        "8816",
        _add_episode(
            1,
            CINreferralDate="2025-02-01",
            ReferralSource="2A",
            PrimaryNeedCode="N2",
            CINclosureDate="2025-02-02",
            ReasonForClosure="RC7",
            ReferralNFA="false",
        ),
        {},
        [("cin_details", 2)],
    ),
    (
        "8820",
        _add_episode(
            0,
            CINreferralDate="2024-06-01",
            ReferralSource="1A",
            PrimaryNeedCode="N1",
            CINclosureDate="2024-07-01",
            ReasonForClosure="RC7",
            ReferralNFA="false",
        ),
        {},
        [("cin_details", 1)],
    ),
    ("8831", add(2, "assessments", OPEN_ASSESSMENT), {}, [("cin_details", 3)]),
    (
        "8832",
        add(2, "cpps", {"CPPstartDate": "2024-09-02", "InitialCategoryOfAbuse": "NEG"}),
        {},
        [("cin_details", 3)],
    ),
    ("4000", add(2, "plans", {"CINPlanStartDate": "2024-09-01"}), {}, [("cin_details", 3)]),
    ("2990", ep(0, ReasonForClosure="RC8"), {}, [("cin_details", 1)]),
    ("8585Q", ep(2, ReasonForClosure="RC2"), {}, [("cin_details", 3)]),
    ("8565", ep(0, CINclosureDate="2025-01-31"), {}, [("cin_details", 1)]),
    (
        "8867",
        both(
            module_pop(0, "assessments", "AssessmentAuthorisationDate"),
            module(0, "assessments", factors=[]),
        ),
        {},
        [("cin_details", 1), ("assessments", 1)],
    ),
    (
        "8868",
        module(0, "s47", ICPCnotRequired="true"),
        {},
        [("cin_details", 1), ("section47", 1)],
    ),
    ("8873Q", module(0, "assessments", factors=["21"]), {}, [("cin_details", 1)]),
    ("8825Q", ep(2, ReasonForClosure="RC9"), {}, [("cin_details", 3)]),
    ("2991Q", ep(0, assessments=[]), {}, [("section47", 1)]),
    (
        "2884",
        ep(0, DateOfInitialCPC="2024-05-24"),
        {},
        [("cin_details", 1), ("section47", 1)],
    ),
    (
        "8606",
        both(
            ident_pop(1, "PersonBirthDate"),
            ident(1, ExpectedPersonBirthDate="2025-11-20", Sex="U"),
        ),
        {},
        [("cin_details", 2)],
    ),
    (
        "1103",
        module(0, "assessments", AssessmentActualStartDate="2024-04-20"),
        {},
        [("assessments", 1)],
    ),
    ("1104", module(0, "s47", DateOfInitialCPC="2024-04-26"), {}, [("section47", 1)]),
    ("1105", module(0, "cpps", CPPstartDate="2024-04-30"), {}, [("cp_plans", 1)]),
    ("2889", module(0, "s47", S47ActualStartDate="2024-04-30"), {}, [("section47", 1)]),
    ("4015", module(0, "plans", CINPlanStartDate="2024-04-30"), {}, [("cin_plans", 1)]),
    (
        "8608",
        module(0, "assessments", AssessmentAuthorisationDate="2024-05-01"),
        {},
        [("assessments", 1)],
    ),
    (
        "8696",
        module(0, "assessments", AssessmentAuthorisationDate="2025-04-05"),
        {},
        [("assessments", 1)],
    ),
    (
        "8736",
        module(1, "assessments", AssessmentActualStartDate="2024-03-01"),
        {},
        [("assessments", 2)],
    ),
    ("8869", module(0, "assessments", factors=["21", "3A"]), {}, [("assessments", 1)]),
    ("8614", module(1, "assessments", factors=["3A"]), {}, [("assessments", 2)]),
    ("8617", module(0, "assessments", factors=["8A"]), {}, [("assessments", 1)]),
    ("8945Q", module(0, "assessments", factors=["18A"]), {}, [("assessments", 1)]),
    ("8950Q", module(0, "assessments", factors=["19A"]), {}, [("assessments", 1)]),
    (
        "8863Q",
        add(
            0,
            "assessments",
            {
                "AssessmentActualStartDate": "2024-05-10",
                "AssessmentAuthorisationDate": "2024-05-30",
                "factors": ["3A"],
            },
        ),
        {},
        [("assessments", 1)],
    ),
    (
        "8670Q",
        module(1, "assessments", AssessmentActualStartDate="2024-12-02"),
        {},
        [("assessments", 2)],
    ),
    ("8675Q", module_pop(0, "s47", "DateOfInitialCPC"), {}, [("section47", 1)]),
    ("8870Q", module(0, "s47", InitialCPCtarget="2024-05-25"), {}, [("section47", 1)]),
    ("8875", module(0, "s47", DateOfInitialCPC="2024-05-25"), {}, [("section47", 1)]),
    ("8615", module(0, "s47", S47ActualStartDate="2024-05-30"), {}, [("section47", 1)]),
    (
        "8839",
        both(
            module_pop(0, "s47", "DateOfInitialCPC"),
            add(0, "s47", {"S47ActualStartDate": "2024-06-10", "ICPCnotRequired": "false"}),
        ),
        {},
        [("section47", 1)],
    ),
    (
        "8890",
        add(
            0,
            "s47",
            {
                "S47ActualStartDate": "2024-05-15",
                "DateOfInitialCPC": "2024-05-29",
                "ICPCnotRequired": "false",
            },
        ),
        {},
        [("section47", 1)],
    ),
    (
        "8740",
        add(1, "s47", {"S47ActualStartDate": "2024-03-15", "ICPCnotRequired": "false"}),
        {},
        [("section47", 2)],
    ),
    ("8715", module(0, "s47", DateOfInitialCPC="2024-03-29"), {}, [("section47", 1)]),
    ("4010", module_pop(0, "plans", "CINPlanStartDate"), {}, [("cin_plans", 1)]),
    ("4011", module(0, "plans", CINPlanEndDate="2024-11-28"), {}, [("cin_plans", 1)]),
    ("4012Q", module(0, "plans", CINPlanEndDate="2024-11-29"), {}, [("cin_plans", 1)]),
    ("4013", module(0, "plans", CINPlanEndDate="2025-04-10"), {}, [("cin_plans", 1)]),
    (
        "4014",
        add(0, "plans", {"CINPlanStartDate": "2024-12-15", "CINPlanEndDate": "2025-01-15"}),
        {},
        [("cin_plans", 1)],
    ),
    (
        "4004",
        both(
            module_pop(0, "plans", "CINPlanEndDate"),
            add(0, "plans", {"CINPlanStartDate": "2024-12-01"}),
        ),
        {},
        [("cin_plans", 1)],
    ),
    ("4008", ident(0, PersonDeathDate="2024-11-01"), {}, [("cin_plans", 1)]),
    ("4009Q", ident(0, PersonDeathDate="2025-01-01"), {}, [("cin_plans", 1)]),
    (
        "4001",
        both(module_pop(0, "plans", "CINPlanEndDate"), module_pop(0, "cpps", "CPPendDate")),
        {},
        [("cin_plans", 1), ("cp_plans", 1)],
    ),
    ("4016", module(0, "plans", CINPlanStartDate="2024-11-01"), {}, [("cin_plans", 1)]),
    (
        "4017",
        module(0, "plans", CINPlanStartDate="2024-05-01", CINPlanEndDate="2024-06-30"),
        {},
        [("cp_plans", 1)],
    ),
    ("4003", module(0, "cpps", reviews=["2024-12-10"]), {}, [("cp_reviews", 1)]),
    ("8905", module(0, "cpps", InitialCategoryOfAbuse="XYZ"), {}, [("cp_plans", 1)]),
    ("8910", module_pop(0, "cpps", "LatestCategoryOfAbuse"), {}, [("cp_plans", 1)]),
    ("8925", module(0, "cpps", CPPendDate="2024-05-20"), {}, [("cp_plans", 1)]),
    ("8720", module(0, "cpps", CPPstartDate="2025-04-02"), {}, [("cp_plans", 1)]),
    ("8930", module(0, "cpps", CPPendDate="2025-04-20"), {}, [("cp_plans", 1)]),
    (
        "8935",
        both(
            module_pop(0, "cpps", "CPPendDate"),
            add(0, "cpps", {"CPPstartDate": "2024-12-02", "NumberOfPreviousCPP": "1"}),
        ),
        {},
        [("cp_plans", 1)],
    ),
    (
        "8940",
        add(0, "cpps", {"CPPstartDate": "2024-07-01", "CPPendDate": "2024-08-01"}),
        {},
        [("cp_plans", 1)],
    ),
    ("8840", module(0, "cpps", CPPendDate="2024-05-24"), {}, [("cp_plans", 1)]),
    ("8841", module(0, "cpps", reviews=["2024-05-24"]), {}, [("cp_reviews", 1)]),
    ("8842Q", module(0, "cpps", reviews=[""]), {}, [("cp_reviews", 1)]),
    ("8730", module(0, "cpps", NumberOfPreviousCPP="-1"), {}, [("cp_plans", 1)]),
    ("2883", module_pop(0, "s47", "DateOfInitialCPC"), {}, [("cp_plans", None)]),
    ("2885", module(0, "cpps", CPPstartDate="2024-05-27"), {}, [("cp_plans", 1)]),
    (
        "8896",
        add(1, "assessments", {"AssessmentActualStartDate": "2025-03-10"}),
        {},
        [("assessments", 2)],
    ),
    ("8897Q", module(0, "assessments", factors=[]), {}, [("assessments", 1)]),
    ("8898", module(0, "assessments", factors=["3A", "3A"]), {}, [("assessments", 1)]),
    ("8899Q", lambda c: c[0].update(Disabilities=["MOB"]), {}, [("assessments", 1)]),
    ("8915", ident(0, PersonDeathDate="2024-05-20"), {}, [("cp_plans", 1)]),
    ("8920", ident(0, PersonDeathDate="2024-06-01"), {}, [("cp_plans", 1)]),
    ("8568", ep(1, ReferralNFA="maybe"), {}, [("cin_details", 2)]),
    ("2886Q", ident(0, Sex="U"), {}, [("children", None)]),
    ("2887Q", lambda c: c[1].update(Disabilities=["MOB"]), {}, [("disabilities", None)]),
    # 2025/26 starts on 1 April 2024, Easter Monday: one working day before the start is
    # Thursday 28 March (Good Friday 29 March is a bank holiday).
    ("8569Q", ep(2, CINreferralDate="2024-03-27"), {}, [("cin_details", 3)]),
]


def _found(code: str, children: list[Node] | None, **kwargs: Any) -> list[tuple[str, int | None]]:
    result = run_rules(registry, census_data(children, **kwargs), codes=[code])
    assert result.checked == [code], result.not_checked
    return sorted(
        ((i.table or "", i.row) for i in result.issues if i.rule == code),
        key=lambda pair: (pair[0], pair[1] or 0),
    )


def test_every_rule_has_a_failing_case() -> None:
    assert sorted({case[0] for case in CASES}) == sorted(registry.codes_for(2025))


@pytest.mark.parametrize("code", registry.codes_for(2025))
def test_rule_passes_on_clean_census(code: str) -> None:
    assert _found(code, None) == []


@pytest.mark.parametrize(
    ("code", "change", "kwargs", "expected"), CASES, ids=[case[0] for case in CASES]
)
def test_rule_flags_exactly_the_broken_rows(
    code: str, change: Change, kwargs: dict[str, Any], expected: list[tuple[str, int | None]]
) -> None:
    wanted = sorted(expected, key=lambda pair: (pair[0], pair[1] or 0))
    assert _found(code, mutated(change), **kwargs) == wanted


EARLIER = {"year": "2024", "reference_date": "2024-03-31"}


def _found_2024(code: str, children: list[Node]) -> list[tuple[str, int | None]]:
    census = read_cin_bytes(census_xml(children, **EARLIER))
    result = run_rules(registry, to_return_data(census, 2024, "cin.xml"), codes=[code])
    assert result.checked == [code], result.not_checked
    return sorted((i.table or "", i.row or 0) for i in result.issues if i.rule == code)


@pytest.mark.parametrize("code", registry.codes_for(2024))
def test_2023_24_rule_passes_on_clean_census(code: str) -> None:
    assert _found_2024(code, a_year_earlier(mutated(NO_CHANGE))) == []


@pytest.mark.parametrize(
    ("code", "change", "expected"),
    [
        ("4180", ident(1, GenderCurrent="5"), [("children", 2)]),
        ("2886Q", ident(0, GenderCurrent="0"), [("children", 0)]),
        (
            "8750",
            both(
                ident_pop(1, "PersonBirthDate"),
                ident(1, ExpectedPersonBirthDate="2024-05-01", GenderCurrent="1"),
            ),
            [("children", 2)],
        ),
    ],
)
def test_2023_24_gender_rules(code: str, change: Change, expected: list[tuple[str, int]]) -> None:
    children = a_year_earlier(mutated(NO_CHANGE))
    change(children)
    assert _found_2024(code, children) == expected
