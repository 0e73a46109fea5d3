"""A small council built by hand, row by row, so every measure's answer can be worked out on
paper. Dates are chosen around weekends and bank holidays (Easter and May 2025, Christmas
2025). Reference date 31 March 2026; the year runs 1 April 2025 – 31 March 2026; the workforce
census is 30 September 2025. Population 10,000, so a rate per 10,000 equals the count.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

LA = "990"
POPULATION = 10_000.0
REF = date(2026, 3, 31)


def _frame(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    return pl.DataFrame(
        [dict(zip(columns, row, strict=True)) for row in rows], infer_schema_length=None
    )


D = date


def cin_tables() -> dict[str, pl.DataFrame]:
    children = _frame(
        ("LAchildID", "PersonBirthDate__date", "Sex", "Ethnicity"),
        [
            ("A", D(2015, 6, 1), "1", "WBRI"),
            ("B", D(2012, 1, 1), "2", "WBRI"),
            ("C", D(2020, 1, 1), "1", "BAFR"),
            ("D", D(2009, 1, 1), "2", "MWBC"),
            ("E", D(2018, 1, 1), "1", "WBRI"),
            ("F", D(2024, 1, 1), "2", "WBRI"),
            ("G", D(2016, 1, 1), "1", "WBRI"),
        ],
    )
    details = _frame(
        ("LAchildID", "CINreferralDate__date", "CINclosureDate__date", "ReferralNFA__bool"),
        [
            ("A", D(2024, 6, 1), D(2024, 8, 1), False),
            ("A", D(2025, 5, 30), D(2025, 7, 1), False),  # re-referral: 2024-06-01 + 12m >= it
            ("B", D(2025, 4, 1), D(2025, 4, 2), True),  # first day of the year; NFA
            ("B", D(2026, 3, 31), None, False),  # last day; re-referral; open at ref
            ("C", D(2025, 3, 31), None, False),  # before the year; open at ref
            ("D", D(2024, 5, 31), D(2024, 6, 15), False),
            ("D", D(2025, 6, 1), D(2026, 3, 31), False),  # 12 months + 1 day: not a re-referral
            ("E", D(2026, 4, 1), None, False),  # after the year
        ],
    )
    assessments = _frame(
        ("LAchildID", "AssessmentActualStartDate__date", "AssessmentAuthorisationDate__date"),
        [
            ("A", D(2025, 4, 17), D(2025, 6, 25)),  # Thu before Easter: exactly 45 WD
            ("B", D(2025, 4, 17), D(2025, 6, 26)),  # 46 WD
            ("C", D(2025, 9, 19), D(2025, 9, 19)),  # same day: 0 WD
            ("D", D(2025, 10, 10), D(2025, 10, 9)),  # authorised before start: excluded
            ("E", D(2025, 11, 1), D(2025, 11, 3)),  # Saturday start, Monday end: 1 WD
            ("F", D(2025, 3, 1), D(2025, 3, 31)),  # authorised before the year
        ],
    )
    s47 = _frame(
        ("LAchildID", "S47ActualStartDate__date", "DateOfInitialCPC__date"),
        [
            ("A", D(2025, 12, 15), D(2026, 1, 8)),  # over Christmas: 15 WD
            ("B", D(2025, 12, 15), D(2026, 1, 9)),  # 16 WD
            ("C", D(2025, 5, 1), None),
            ("D", D(2025, 3, 20), D(2025, 4, 2)),  # enquiry last year, ICPC this year: 9 WD
            ("E", D(2026, 2, 2), D(2026, 1, 30)),  # ICPC before the enquiry: excluded (F07)
        ],
    )
    cp_plans = _frame(
        ("LAchildID", "CPPstartDate__date", "CPPendDate__date", "NumberOfPreviousCPP__int"),
        [
            ("A", D(2023, 3, 31), D(2025, 3, 31), 0),
            ("A", D(2025, 6, 1), None, 0),  # repeat (earlier plan in history)
            ("B", D(2025, 7, 1), D(2025, 12, 1), 1),  # repeat (NumberOfPreviousCPP)
            ("C", D(2024, 1, 15), D(2026, 1, 15), 0),  # ended in year after exactly 2 years
            ("D", D(2024, 1, 16), D(2026, 1, 15), 0),  # one day short of 2 years
            ("E", D(2024, 3, 1), None, 0),  # open 2+ years
            ("F", D(2026, 1, 1), None, 0),  # open under 3 months
            ("G", D(2025, 11, 15), None, 0),  # never reviewed: overdue
        ],
    )
    cp_reviews = _frame(
        ("LAchildID", "CPPreviewDate__date"),
        [
            ("A", D(2023, 6, 30)),  # belongs to A's earlier plan
            ("A", D(2025, 9, 1)),  # start + 3 months exactly
            ("A", D(2026, 3, 1)),  # previous + 6 months exactly
            ("E", D(2024, 6, 1)),
            ("E", D(2024, 12, 2)),  # one day late
            ("E", D(2025, 5, 1)),
            ("E", D(2025, 11, 1)),
        ],
    )
    cin_plans = _frame(
        ("LAchildID", "CINPlanStartDate__date", "CINPlanEndDate__date"),
        [
            ("A", D(2025, 1, 1), None),
            ("B", D(2025, 1, 1), D(2026, 3, 31)),  # ends on the reference date
            ("C", D(2026, 3, 31), None),  # starts on the reference date
            ("C", D(2024, 1, 1), D(2024, 6, 1)),
        ],
    )
    return {
        "children": children,
        "cin_details": details,
        "assessments": assessments,
        "section47": s47,
        "cp_plans": cp_plans,
        "cp_reviews": cp_reviews,
        "cin_plans": cin_plans,
    }


EPISODE_COLUMNS = ("CHILD", "DECOM__date", "RNE", "LS", "PLACE", "DEC__date", "REC")


def s903_tables() -> dict[str, pl.DataFrame]:
    episodes = _frame(
        EPISODE_COLUMNS,
        [
            ("K1", D(2021, 1, 10), "S", "C2", "U1", D(2023, 2, 1), "X1"),
            ("K1", D(2023, 2, 1), "P", "C2", "U3", None, None),
            ("K2", D(2025, 5, 1), "S", "C1", "U4", D(2025, 6, 1), "X1"),
            ("K2", D(2025, 6, 1), "P", "C1", "U5", D(2025, 8, 1), "X1"),
            ("K2", D(2025, 8, 1), "P", "C2", "U6", D(2025, 10, 1), "X1"),
            ("K2", D(2025, 10, 1), "L", "C2", "U6", None, None),  # legal status only
            ("K3", D(2020, 6, 1), "S", "C2", "U1", D(2026, 3, 31), "E4A"),  # ceased on ref
            ("K4", D(2025, 9, 1), "S", "V3", "U1", None, None),  # short breaks only
            ("K5", D(2022, 1, 10), "S", "C2", "U1", D(2022, 6, 1), "X1"),
            ("K5", D(2022, 6, 1), "L", "E1", "U1", D(2023, 3, 1), "X1"),  # placement order
            ("K5", D(2023, 3, 1), "P", "E1", "A5", D(2025, 9, 30), "E11"),  # adopted in year
            ("K6", D(2021, 4, 1), "S", "C2", "U3", D(2022, 2, 1), "X1"),
            ("K6", D(2022, 2, 1), "P", "C2", "U4", D(2023, 1, 10), "X1"),  # foster carers
            ("K6", D(2023, 1, 10), "L", "E1", "U4", D(2023, 6, 1), "X1"),
            ("K6", D(2023, 6, 1), "P", "E1", "A6", D(2024, 12, 1), "E12"),  # adopted last year
            ("K7", D(2025, 8, 1), "S", "C2", "U1", None, None),  # UASC, never reviewed
            ("K8", D(2024, 1, 1), "S", "C2", "U1", D(2024, 6, 1), "X1"),
            ("K8", D(2024, 6, 1), "P", "C2", "U2", D(2024, 12, 1), "X1"),
            ("K8", D(2024, 12, 1), "P", "C2", "U3", None, None),
            ("K9", D(2026, 3, 10), "S", "C2", "U1", None, None),  # under 20 WD in care
            ("K10", D(2022, 1, 1), "S", "C2", "U1", D(2025, 1, 1), "X1"),
            ("K10", D(2025, 1, 1), "P", "C2", "U3", None, None),
            # DfE placement counting: one placement all year (RNE T and U keep the carer; the
            # hospital stay T1 is temporary and the return to U4 is the same placement).
            ("K11", D(2025, 4, 10), "S", "C1", "U4", D(2025, 6, 1), "X1"),
            ("K11", D(2025, 6, 1), "T", "C1", "U4", D(2025, 7, 1), "X1"),  # carers moved house
            ("K11", D(2025, 7, 1), "P", "C1", "T1", D(2025, 7, 5), "X1"),  # hospital
            ("K11", D(2025, 7, 5), "P", "C1", "U4", D(2025, 9, 1), "X1"),  # back home
            ("K11", D(2025, 9, 1), "U", "C2", "U4", None, None),
            # Placed for adoption with the current foster carers (A5 after U4): not a move.
            ("K12", D(2024, 10, 1), "S", "C2", "U6", D(2025, 6, 1), "X1"),
            ("K12", D(2025, 6, 1), "P", "C2", "U4", D(2025, 11, 3), "X1"),
            ("K12", D(2025, 11, 3), "B", "E1", "A5", None, None),
            # Long-term stability, adoption adjustment: fostered from 1 Sep 2023, placed for
            # adoption with new carers 1 Oct 2025; the two together exceed 2 years.
            ("K13", D(2021, 5, 1), "S", "C2", "U6", D(2023, 9, 1), "X1"),
            ("K13", D(2023, 9, 1), "P", "C2", "U6", D(2025, 10, 1), "X1"),
            ("K13", D(2025, 10, 1), "B", "E1", "A6", None, None),
            # History cut off by the data: the first episode loaded is not RNE S.
            ("K14", D(2022, 3, 1), "P", "C2", "U4", None, None),
            # Left care twice in the year: counted once, on the last occasion.
            ("K15", D(2025, 4, 20), "S", "V2", "U6", D(2025, 6, 10), "E4A"),
            ("K15", D(2025, 8, 1), "S", "V2", "U6", D(2025, 12, 1), "E13"),
            ("K16", D(2025, 5, 1), "S", "V3", "U1", D(2025, 5, 3), "E4A"),  # short break ended
            # Adopted by the second adoptive family; the first adoption placement broke down.
            ("K18", D(2022, 4, 1), "S", "C2", "U6", D(2022, 10, 1), "X1"),
            ("K18", D(2022, 10, 1), "B", "E1", "A6", D(2023, 2, 1), "X1"),
            ("K18", D(2023, 2, 1), "P", "E1", "U6", D(2023, 8, 1), "X1"),
            ("K18", D(2023, 8, 1), "P", "E1", "A6", D(2024, 9, 1), "E11"),
        ],
    )
    header = _frame(
        ("CHILD", "SEX", "DOB__date", "ETHNIC"),
        [
            ("K1", "1", D(2012, 5, 5), "WBRI"),
            ("K2", "2", D(2010, 3, 31), "WBRI"),  # 16 on the reference date
            ("K3", "1", D(2009, 1, 1), "WBRI"),
            ("K4", "2", D(2012, 1, 1), "WBRI"),
            ("K5", "1", D(2020, 1, 1), "WBRI"),
            ("K6", "2", D(2019, 6, 1), "WBRI"),
            ("K7", "1", D(2009, 5, 1), "OOTH"),
            ("K8", "2", D(2011, 1, 1), "WBRI"),
            ("K9", "1", D(2014, 1, 1), "WBRI"),
            ("K10", "2", D(2015, 1, 1), "WBRI"),
            ("K11", "1", D(2012, 1, 1), "WBRI"),
            ("K12", "2", D(2022, 5, 1), "WBRI"),
            ("K13", "1", D(2019, 1, 1), "WBRI"),
            ("K14", "2", D(2013, 1, 1), "WBRI"),
            ("K15", "1", D(2011, 1, 1), "WBRI"),
            ("K16", "2", D(2012, 1, 1), "WBRI"),
            ("K18", "1", D(2020, 1, 1), "WBRI"),
        ],
    )
    uasc = _frame(
        ("CHILD", "DUC__date"),
        [("K7", D(2026, 8, 1)), ("K8", D(2026, 3, 31))],  # K8's status ends on ref
    )
    reviews = _frame(
        ("CHILD", "REVIEW__date"),
        [
            ("K1", D(2021, 2, 5)),  # 20 WD after Sunday 10 Jan 2021
            ("K1", D(2021, 5, 5)),  # first + 3 months exactly
            *[
                ("K1", D(y, m, 5))
                for y in (2021, 2022, 2023, 2024, 2025)
                for m in (11,)
                if y < 2026
            ],
            *[("K1", D(y, 5, 5)) for y in (2022, 2023, 2024, 2025)],
            ("K2", D(2025, 5, 30)),  # 19 WD after 1 May 2025 (5 and 26 May are holidays)
            ("K2", D(2025, 8, 29)),
            ("K2", D(2026, 3, 1)),  # 29 Aug + 6 months = 28 Feb 2026: one day late
            ("K8", D(2024, 2, 1)),  # 23 WD after 1 Jan 2024: late
            ("K8", D(2024, 5, 1)),
            ("K8", D(2024, 11, 1)),
            ("K8", D(2025, 5, 1)),
            ("K8", D(2025, 11, 1)),
        ],
    )
    missing = _frame(
        ("CHILD", "MISSING", "MIS_START__date", "MIS_END__date"),
        [
            ("K1", "M", D(2025, 5, 1), D(2025, 5, 2)),
            ("K1", "M", D(2025, 6, 1), D(2025, 6, 1)),
            ("K1", "A", D(2025, 7, 1), D(2025, 7, 1)),  # absent, not missing
            ("K3", "M", D(2025, 4, 1), D(2025, 4, 3)),  # first day of the year
            ("K8", "A", D(2025, 9, 1), D(2025, 9, 1)),
            ("K2", "M", D(2025, 3, 31), D(2025, 4, 1)),  # before the year
        ],
    )
    sw = _frame(
        ("CHILD", "SW_ID", "SW_DECOM__date", "SW_DEC__date"),
        [
            ("K1", "SW1", D(2024, 1, 1), D(2025, 5, 1)),
            ("K1", "SW2", D(2025, 5, 1), D(2025, 9, 1)),
            ("K1", "SW3", D(2025, 9, 1), None),
            ("K2", "SW4", D(2025, 5, 1), D(2025, 6, 1)),
            ("K2", "SW5", D(2025, 6, 1), D(2025, 7, 1)),
            ("K2", "SW4", D(2025, 7, 1), None),  # the same worker again
            ("K7", "SW1", D(2024, 1, 1), D(2025, 3, 31)),  # ended before the year
            ("K7", "SW6", D(2025, 8, 1), D(2025, 10, 1)),
            ("K7", "SW7", D(2025, 10, 1), None),
        ],
    )
    ad1 = _frame(
        ("CHILD", "DATE_INT__date", "DATE_MATCH__date", "FOSTER_CARE"),
        [
            ("K5", D(2022, 11, 1), D(2023, 1, 15), "0"),
            ("K6", D(2023, 2, 1), D(2023, 5, 1), "1"),
            ("K18", D(2022, 9, 1), D(2023, 7, 1), "0"),
        ],
    )
    oc2 = _frame(
        ("CHILD", "DOB__date", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT"),
        [
            ("O1", D(2022, 1, 1), "1", "1", "0", "1"),  # aged 4
            ("O2", D(2021, 3, 31), "0", "1", "1", "1"),  # 5 on the reference date
            ("O3", D(2010, 1, 1), None, "0", "1", "0"),
            ("O4", D(2023, 6, 1), "0", "1", "0", "1"),  # aged 2
        ],
    )
    oc3 = _frame(
        ("CHILD", "DOB__date", "IN_TOUCH", "ACTIV", "ACCOM"),
        [
            ("P1", D(2008, 6, 1), "YES", "F2", "B1"),  # 17
            ("P2", D(2007, 4, 1), "NO", "G4", "B2"),  # 18
            ("P3", D(2005, 1, 1), "YES", "P3", "C1"),  # 21
            ("P4", D(2006, 2, 1), "REFU", "0", "0"),  # 20
            ("P5", D(2004, 3, 31), "YES", "F1", "B1"),  # 22 on the reference date
            ("P6", D(2007, 1, 1), "YES", "F1", "D1"),  # 19
            ("P7", D(2008, 9, 1), None, None, None),  # 17, still looked after (rule 1007)
            ("P8", D(2006, 7, 1), "YES", "F4", "C1"),  # 19, apprenticeship
            ("P9", D(2008, 1, 1), "YES", "P5", "B2"),  # 18, part-time training or employment
        ],
    )
    return {
        "episodes": episodes,
        "header": header,
        "uasc": uasc,
        "reviews": reviews,
        "missing": missing,
        "social_worker_episodes": sw,
        "ad1": ad1,
        "oc2": oc2,
        "oc3": oc3,
    }


def s903_last_year() -> dict[str, pl.DataFrame]:
    """Last year's return: only an OC2 row (must not count this year)."""
    return {
        "oc2": _frame(
            (
                "CHILD",
                "DOB__date",
                "HEALTH_CHECK",
                "IMMUNISATIONS",
                "TEETH_CHECK",
                "HEALTH_ASSESSMENT",
            ),
            [("O9", D(2021, 1, 1), "1", "1", "1", "1")],
        )
    }


def workforce_tables() -> dict[str, pl.DataFrame]:
    staff = _frame(
        (
            "StaffID",
            "CensusDate__date",
            "Team",
            "Role",
            "Agency",
            "FTE__num",
            "StartDate__date",
            "LeavingDate__date",
            "CasesHeld__num",
            "SicknessDays__num",
        ),
        [
            ("S1", D(2025, 9, 30), "A", "5", "0", 1.0, D(2020, 1, 1), None, 18.0, 10.0),
            ("S2", D(2025, 9, 30), "A", "5", "0", 0.5, D(2021, 1, 1), None, 6.0, 5.0),
            ("S3", D(2025, 9, 30), "B", "5", "1", 1.0, D(2025, 1, 1), None, 20.0, 0.0),
            ("S4", D(2025, 9, 30), "B", "5", "0", 1.0, D(2019, 1, 1), D(2025, 6, 30), 0.0, 2.0),
            ("S5", D(2025, 9, 30), "B", "5", "0", 1.0, D(2024, 1, 1), D(2024, 9, 30), 0.0, 0.0),
            ("S6", D(2025, 9, 30), "A", "5", "0", 0.5, D(2025, 10, 15), None, 0.0, 0.0),
            ("S7", D(2025, 9, 30), "A", "3", "0", 1.0, D(2018, 1, 1), None, 0.0, 3.0),
        ],
    )
    vacancies = _frame(
        ("CensusDate__date", "Team", "VacantFTE__num", "CoveredByAgencyFTE__num"),
        [(D(2025, 9, 30), "A", 1.5, 1.0), (D(2025, 9, 30), "B", 0.5, 0.5)],
    )
    return {"staff": staff, "vacancies": vacancies}


_AA = ("Child Unique ID", "Date of Birth__date", "Gender", "Ethnicity")


def annexa_tables() -> dict[str, pl.DataFrame]:
    contacts = _frame(
        (*_AA, "Date of Contact__date"),
        [
            ("X1", D(2015, 1, 1), "Male", "WBRI", D(2025, 4, 1)),
            ("X1", D(2015, 1, 1), "Male", "WBRI", D(2026, 3, 31)),
            ("X2", D(2016, 1, 1), "Female", "WBRI", D(2025, 3, 31)),  # before the year
            ("X3", D(2017, 1, 1), "Female", "WBRI", D(2026, 4, 1)),  # after the year
            ("X4", D(2018, 1, 1), "Male", "WBRI", D(2025, 10, 10)),
        ],
    )
    cp = _frame(
        (
            *_AA,
            "Child Protection Plan Start Date__date",
            "Child Protection Plan End Date__date",
            "Date of the Last Statutory Visit__date",
            "Allocated Team",
            "Allocated Worker",
        ),
        [
            ("Q1", D(2015, 1, 1), "Male", "WBRI", D(2025, 10, 1), None, D(2026, 3, 17), "CP", "W1"),
            ("Q2", D(2015, 1, 1), "Male", "WBRI", D(2025, 10, 1), None, D(2026, 3, 16), "CP", "W1"),
            (
                "Q3",
                D(2015, 1, 1),
                "Male",
                "WBRI",
                D(2025, 10, 1),
                D(2026, 2, 1),
                D(2026, 1, 1),
                "CP",
                "W2",
            ),
            ("Q4", D(2015, 1, 1), "Male", "WBRI", D(2025, 10, 1), None, None, "CP", "W2"),
        ],
    )
    cin = _frame(
        (
            *_AA,
            "CIN Start Date__date",
            "Date Child Was Last Seen__date",
            "CIN Closure Date__date",
            "Case Status",
            "Allocated Team",
            "Allocated Worker",
        ),
        [
            (
                "R1",
                D(2015, 1, 1),
                "Male",
                "WBRI",
                D(2025, 1, 1),
                D(2026, 3, 3),
                None,
                "CIN plan",
                "CIN",
                "W3",
            ),
            (
                "R2",
                D(2015, 1, 1),
                "Male",
                "WBRI",
                D(2025, 1, 1),
                D(2026, 3, 2),
                None,
                "Open assessment",
                "CIN",
                "W3",
            ),
            (
                "R3",
                D(2015, 1, 1),
                "Male",
                "WBRI",
                D(2025, 1, 1),
                D(2026, 3, 30),
                None,
                "Looked after",
                "CIC",
                "W4",
            ),
            (
                "R4",
                D(2015, 1, 1),
                "Male",
                "WBRI",
                D(2025, 1, 1),
                D(2025, 12, 1),
                D(2026, 1, 1),
                "CIN plan",
                "CIN",
                "W3",
            ),
        ],
    )
    cla = _frame(
        (
            *_AA,
            "Date Started to be Looked After__date",
            "Date Ceased to be Looked After__date",
            "Start Date of Most Recent Placement__date",
            "Date of Last Social Work Visit__date",
            "Placement Location (In/Out LA Boundary)",
            "Allocated Team",
            "Allocated Worker",
        ),
        [
            (
                "T1",
                D(2015, 1, 1),
                "Male",
                "WBRI",
                D(2024, 1, 1),
                None,
                D(2025, 6, 1),
                D(2026, 2, 17),
                "In",
                "CIC",
                "W4",
            ),
            (
                "T2",
                D(2015, 1, 1),
                "Male",
                "WBRI",
                D(2024, 1, 1),
                None,
                D(2025, 6, 1),
                D(2026, 2, 16),
                "Out",
                "CIC",
                "W4",
            ),
            (
                "T3",
                D(2015, 1, 1),
                "Male",
                "WBRI",
                D(2020, 1, 1),
                None,
                D(2024, 1, 1),
                D(2025, 12, 31),
                "Out",
                "CIC",
                "W5",
            ),
            (
                "T4",
                D(2015, 1, 1),
                "Male",
                "WBRI",
                D(2020, 1, 1),
                D(2026, 1, 1),
                D(2024, 1, 1),
                D(2025, 1, 1),
                "Out",
                "CIC",
                "W5",
            ),
        ],
    )
    return {"list_1": contacts, "list_6": cin, "list_7": cp, "list_8": cla}


def inputs() -> dict[str, Any]:
    return {
        LA: {
            "cin": {2026: cin_tables()},
            "ssda903": {2025: s903_last_year(), 2026: s903_tables()},
            "workforce": {2025: workforce_tables()},
            "annexa": {2026: annexa_tables()},
        }
    }
