"""CIN rules checked against the DfE rule wording where Thrive and the national reference once
disagreed: each case states the DfE condition and the exact rows that pass or fail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.statutory.cin.cin_xml import census_data, mutated, upn
from tests.statutory.cin.test_cin_rules import (
    Change,
    add,
    both,
    ep,
    ep_pop,
    ident,
    ident_pop,
    module,
    module_pop,
)
from thrive.statutory.cin import registry
from thrive.statutory.cin.checks import working_days_before
from thrive.statutory.rules import run_rules

Rows = list[tuple[str, int | None]]


def found(code: str, change: Change, **kwargs: Any) -> Rows:
    result = run_rules(registry, census_data(mutated(change), **kwargs), codes=[code])
    assert result.checked == [code], result.not_checked
    return sorted(
        ((i.table or "", i.row) for i in result.issues if i.rule == code),
        key=lambda pair: (pair[0], pair[1] or 0),
    )


def episode(**values: str) -> dict[str, Any]:
    base = {"ReferralSource": "1A", "PrimaryNeedCode": "N1", "ReferralNFA": "false"}
    return base | values


def new_episode(child: int, **values: str) -> Change:
    return lambda c: c[child]["episodes"].append(episode(**values))


# CH1's episode runs 1 May 2024 to 14 February 2025; CH2's is open from 10 January 2025; CH3's
# is a referral with no further action on 1 September 2024 (see cin_xml.clean_children).
CASES: list[tuple[str, str, Change, Rows]] = [
    # 8540: "If PersonBirthDate is present and at least one ReferralNFA is false or 0, then one
    # or more Disability must be present, and all instances must be valid code values."
    ("8540", "NFA-only child needs no disability", lambda c: c[2].update(Disabilities=[]), []),
    (
        "8540",
        "NFA-only child's invalid code is not checked",
        lambda c: c[2].update(Disabilities=["XYZ"]),
        [],
    ),
    (
        "8540",
        "unborn child needs no disability",
        both(
            ident_pop(1, "PersonBirthDate"),
            ident(1, ExpectedPersonBirthDate="2025-05-01", Sex="U"),
            lambda c: c[1].update(Disabilities=[]),
        ),
        [],
    ),
    (
        "8540",
        "born child with a further-action referral and no disability",
        lambda c: c[1].update(Disabilities=[]),
        [("children", 2)],
    ),
    (
        "8540",
        "NFA child who also has a further-action referral is checked",
        both(
            lambda c: c[2].update(Disabilities=["XYZ"]),
            new_episode(2, CINreferralDate="2025-03-01"),
        ),
        [("disabilities", 3)],
    ),
    # 8820: "the end date of one referral may be the same as the start date of the following
    # referral"; an open episode counts to the reference date only when it is not NFA.
    (
        "8820",
        "next referral on the closure day",
        new_episode(
            0, CINreferralDate="2025-02-14", CINclosureDate="2025-03-01", ReasonForClosure="RC7"
        ),
        [],
    ),
    (
        "8820",
        "next referral the day before closure",
        new_episode(
            0, CINreferralDate="2025-02-13", CINclosureDate="2025-03-01", ReasonForClosure="RC7"
        ),
        [("cin_details", 1)],
    ),
    (
        "8820",
        "referral after an open NFA referral",
        both(
            ep_pop(2, "CINclosureDate"),
            ep_pop(2, "ReasonForClosure"),
            new_episode(2, CINreferralDate="2024-10-01"),
        ),
        [],
    ),
    (
        "8820",
        "referral after an open further-action referral",
        new_episode(
            1, CINreferralDate="2025-02-01", CINclosureDate="2025-02-20", ReasonForClosure="RC7"
        ),
        [("cin_details", 2)],
    ),
    (
        "8820",
        "two records repeating one LA child ID are one child",
        both(
            ident(1, LAchildID="CH1"),
            lambda c: c[1]["episodes"][0].update(CINreferralDate="2024-06-01"),
        ),
        [("cin_details", 2)],
    ),
    (
        "8820",
        "records with no LA child ID are not pooled",
        both(
            ident_pop(0, "LAchildID"),
            ident_pop(1, "LAchildID"),
            lambda c: c[1]["episodes"][0].update(CINreferralDate="2024-06-01"),
        ),
        [],
    ),
    # 8715 and 8875 belong to the Section 47 module.
    ("8715", "episode-level conference of last year", ep(1, DateOfInitialCPC="2024-03-20"), []),
    (
        "8715",
        "S47 conference after the year",
        module(0, "s47", DateOfInitialCPC="2025-04-02"),
        [("section47", 1)],
    ),
    ("8875", "episode-level conference on a Saturday", ep(1, DateOfInitialCPC="2025-01-11"), []),
    # 1104 too: the S47 enquiry's conference.
    ("1104", "episode-level conference before referral", ep(1, DateOfInitialCPC="2025-01-09"), []),
    # 8569Q: "If CINreferralDate is before [Start_of_Census_Year] minus 1 working day,
    # ReferralNFA must be false" (2024/25 starts on Easter Monday 1 April 2024).
    (
        "8569Q",
        "NFA referral on the last working day before",
        ep(2, CINreferralDate="2024-03-28"),
        [],
    ),
    (
        "8569Q",
        "further-action referral before the cut-off",
        ep(1, CINreferralDate="2024-03-27"),
        [],
    ),
    (
        "8569Q",
        "referral before the cut-off with no NFA flag",
        both(ep(1, CINreferralDate="2024-03-27"), ep_pop(1, "ReferralNFA")),
        [("cin_details", 2)],
    ),
    # 8873Q: "if there is only one Assessment group present and AssessmentFactors = 21,
    # ReasonForClosure should = RC8 or RC9".
    (
        "8873Q",
        "RC9",
        both(module(0, "assessments", factors=["21"]), ep(0, ReasonForClosure="RC9")),
        [],
    ),
    (
        "8873Q",
        "two assessments on the episode",
        both(
            module(0, "assessments", factors=["21"]),
            add(
                0,
                "assessments",
                {
                    "AssessmentActualStartDate": "2024-06-01",
                    "AssessmentAuthorisationDate": "2024-06-20",
                    "factors": ["3A"],
                },
            ),
        ),
        [],
    ),
    (
        "8873Q",
        "open episode has no reason yet",
        both(
            module(1, "assessments", AssessmentAuthorisationDate="2025-03-20", factors=["21"]),
        ),
        [("cin_details", 2)],
    ),
    # 8606: "more than 40 weeks before DOB or expected DOB": each date given is checked.
    (
        "8606",
        "expected date of birth far after the referral",
        ident(0, ExpectedPersonBirthDate="2025-03-01"),
        [("cin_details", 1)],
    ),
    # 8897Q: factors "must be present ... and must be a valid code".
    (
        "8897Q",
        "invalid factor code",
        module(0, "assessments", factors=["3A", "99Z"]),
        [("assessments", 1)],
    ),
    ("8897Q", "retired 18A has its own query", module(0, "assessments", factors=["18A"]), []),
    (
        "8897Q",
        "completed before the year",
        both(
            module(0, "assessments", AssessmentAuthorisationDate="2024-03-20", factors=[]),
            module(0, "assessments", AssessmentActualStartDate="2024-03-01"),
        ),
        [],
    ),
    # 2887Q: "Excluding NONE, the number of different disability codes used should be more
    # than 7" (the clean census uses exactly 8).
    (
        "2887Q",
        "NONE does not count",
        lambda c: c[1].update(
            Disabilities=["MOB", "LD", "HAND", "PC", "INC", "COMM", "HEAR", "NONE"]
        ),
        [("disabilities", None)],
    ),
    (
        "2887Q",
        "invalid codes do not count",
        lambda c: c[1].update(
            Disabilities=["MOB", "LD", "HAND", "PC", "INC", "COMM", "HEAR", "XYZ"]
        ),
        [("disabilities", None)],
    ),
    # 4001: "If a CINDetails module has a ChildProtectionPlan module with no CPPendDate, then
    # a CINPlanDates module with no CINPlanEndDate must not be present."
    ("4001", "dated plans overlapping", module(0, "plans", CINPlanStartDate="2024-11-01"), []),
    ("4001", "open CIN plan, ended protection plan", module_pop(0, "plans", "CINPlanEndDate"), []),
    (
        "4001",
        "open plans in different episodes",
        both(
            module_pop(0, "cpps", "CPPendDate"),
            lambda c: (
                c[1]["episodes"][0]
                .setdefault("plans", [])
                .append({"CINPlanStartDate": "2025-02-01"})
            ),
        ),
        [],
    ),
    # 4003: "no CPPReviewDate can fall between any CINPlanStartDate or CINPlanEndDate": a CIN
    # plan with no end date has no "between" (4016/4017 say "or ReferenceDate"; 4003 does not).
    (
        "4003",
        "review while a CIN plan with no end date is open",
        both(module_pop(0, "plans", "CINPlanEndDate"), module(0, "cpps", reviews=["2024-12-10"])),
        [],
    ),
    # 2885: CPPstartDate should equal "a Section47 DateOfInitialCPC, or a CINDetails
    # DateOfInitialCPC if there is no associated Section 47 record".
    (
        "2885",
        "plan starts on the episode's conference but the S47 has another",
        both(module(0, "s47", DateOfInitialCPC="2024-05-23"), ep(0, DateOfInitialCPC="2024-05-24")),
        [("cp_plans", 1)],
    ),
    (
        "2885",
        "S47 needed no conference: the episode's conference counts",
        both(
            module(0, "s47", ICPCnotRequired="true"),
            module_pop(0, "s47", "DateOfInitialCPC"),
            ep(0, DateOfInitialCPC="2024-05-24"),
        ),
        [],
    ),
    # 1520 / 8510: every record sharing the value is reported.
    (
        "1520",
        "three records, one UPN",
        both(ident(1, UPN=upn("990", 1)), ident(2, UPN=upn("990", 1))),
        [("children", 1), ("children", 2), ("children", 3)],
    ),
    # 8815: an episode with no ReferralNFA is 8568's error, not an open episode.
    (
        "8815",
        "second open episode has no NFA flag",
        new_episode(1, CINreferralDate="2025-02-01", ReferralNFA=""),
        [],
    ),
    # 8794: two records repeating one LA child ID are one child.
    (
        "8794",
        "one code on two records of one child",
        both(ident(1, LAchildID="CH1"), lambda c: c[0].update(Disabilities=["MOB"])),
        [("disabilities", 1), ("disabilities", 2)],
    ),
]


@pytest.mark.parametrize(
    ("code", "why", "change", "expected"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES]
)
def test_dfe_wording(code: str, why: str, change: Change, expected: Rows) -> None:
    assert found(code, change) == sorted(expected, key=lambda pair: (pair[0], pair[1] or 0))


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (dt.date(2025, 4, 1), dt.date(2025, 3, 31)),  # Tuesday: the Monday before
        (dt.date(2024, 4, 1), dt.date(2024, 3, 28)),  # Easter Monday, after Good Friday
        (dt.date(2023, 4, 1), dt.date(2023, 3, 31)),  # Saturday: the Friday before
    ],
)
def test_one_working_day_before_the_census_year(start: dt.date, expected: dt.date) -> None:
    assert working_days_before(start, 1) == expected


def test_queries_renamed_by_the_dfe_are_queries_in_every_year() -> None:
    renamed = {"4009Q", "8555Q", "8863Q", "8873Q", "8897Q"}
    for year in registry.years:
        rules = {r.code: str(r.severity) for r in registry.rules_for(year)}
        assert {code: rules[code] for code in renamed} == dict.fromkeys(renamed, "query")
        assert not {code.removesuffix("Q") for code in renamed} & set(rules)
