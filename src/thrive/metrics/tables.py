"""The tables measures read: which return columns they use, under which short names, and how
several collection years are combined into one history.

Each prepared table keeps only the columns measures need, renamed to short snake-case names and
cast to fixed types, plus `la` (the council's DfE number) and `_year` (the collection year the
row came from). Child identifiers are prefixed with the council (`"990:C0001"`) so one query can
hold many councils without their children colliding.

*History tables* (episodes, referrals, assessments ...) are the union of every collection year,
keeping for each natural key the row from the latest year (a later return may add an end date).
*Year tables* (OC2, OC3, the workforce census, Annex A lists) are per-year snapshots: measures
pick the year they need with `_year`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import numpy as np
import pyarrow as pa

from thrive.dates.working_days import working_days_between_arrays

STRING = "string"
DATE = "date"
INT = "int64"
FLOAT = "float64"
BOOL = "boolean"


@dataclass(frozen=True)
class TableSpec:
    """One prepared table: where it comes from and the columns kept (short name → source)."""

    name: str
    return_id: str
    source_table: str
    columns: dict[str, tuple[str, str]]
    key: tuple[str, ...] = ()
    """Natural key across years; empty for per-year snapshot tables."""
    child_columns: tuple[str, ...] = ("child",)

    @property
    def per_year(self) -> bool:
        return not self.key

    @property
    def schema(self) -> dict[str, str]:
        result = {"la": STRING, "_year": INT}
        result.update({short: dtype for short, (_, dtype) in self.columns.items()})
        return result


def _spec(
    name: str,
    return_id: str,
    source: str,
    columns: dict[str, tuple[str, str]],
    key: tuple[str, ...] = (),
    child_columns: tuple[str, ...] = ("child",),
) -> TableSpec:
    return TableSpec(name, return_id, source, columns, key, child_columns)


_AA = {
    "child": ("Child Unique ID", STRING),
    "dob": ("Date of Birth__date", DATE),
    "gender": ("Gender", STRING),
    "ethnicity": ("Ethnicity", STRING),
    # The day the council pulled the lists (`statutory.annexa.spec.EXTRACT_DATE_COLUMN`);
    # Annex A measures are taken at this date. Null in extracts stored before it was kept.
    "extract": ("__extract_date", DATE),
}

SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        # --- CIN census ---------------------------------------------------------------------
        _spec(
            "cin_children",
            "cin",
            "children",
            {
                "child": ("LAchildID", STRING),
                "dob": ("PersonBirthDate__date", DATE),
                "gender": ("Sex", STRING),
                "ethnicity": ("Ethnicity", STRING),
            },
            key=("child",),
        ),
        _spec(
            "cin_details",
            "cin",
            "cin_details",
            {
                "child": ("LAchildID", STRING),
                "referral_date": ("CINreferralDate__date", DATE),
                "closure_date": ("CINclosureDate__date", DATE),
                "nfa": ("ReferralNFA__bool", BOOL),
                "primary_need": ("PrimaryNeedCode", STRING),
            },
            key=("child", "referral_date"),
        ),
        _spec(
            "cin_assessments",
            "cin",
            "assessments",
            {
                "child": ("LAchildID", STRING),
                "start": ("AssessmentActualStartDate__date", DATE),
                "authorised": ("AssessmentAuthorisationDate__date", DATE),
            },
            key=("child", "start"),
        ),
        _spec(
            "cin_s47",
            "cin",
            "section47",
            {
                "child": ("LAchildID", STRING),
                "start": ("S47ActualStartDate__date", DATE),
                "icpc": ("DateOfInitialCPC__date", DATE),
            },
            key=("child", "start"),
        ),
        _spec(
            "cin_plans",
            "cin",
            "cin_plans",
            {
                "child": ("LAchildID", STRING),
                "start": ("CINPlanStartDate__date", DATE),
                "end": ("CINPlanEndDate__date", DATE),
            },
            key=("child", "start"),
        ),
        _spec(
            "cin_cp_plans",
            "cin",
            "cp_plans",
            {
                "child": ("LAchildID", STRING),
                "start": ("CPPstartDate__date", DATE),
                "end": ("CPPendDate__date", DATE),
                "category": ("InitialCategoryOfAbuse", STRING),
                "previous": ("NumberOfPreviousCPP__int", INT),
            },
            key=("child", "start"),
        ),
        _spec(
            "cin_cp_reviews",
            "cin",
            "cp_reviews",
            {"child": ("LAchildID", STRING), "review": ("CPPreviewDate__date", DATE)},
            key=("child", "review"),
        ),
        # --- SSDA903 ------------------------------------------------------------------------
        _spec(
            "s903_header",
            "ssda903",
            "header",
            {
                "child": ("CHILD", STRING),
                "gender": ("SEX", STRING),
                "dob": ("DOB__date", DATE),
                "ethnicity": ("ETHNIC", STRING),
            },
            key=("child",),
        ),
        _spec(
            "s903_episodes",
            "ssda903",
            "episodes",
            {
                "child": ("CHILD", STRING),
                "decom": ("DECOM__date", DATE),
                "rne": ("RNE", STRING),
                "ls": ("LS", STRING),
                "place": ("PLACE", STRING),
                "dec": ("DEC__date", DATE),
                "rec": ("REC", STRING),
            },
            key=("child", "decom"),
        ),
        _spec(
            "s903_uasc",
            "ssda903",
            "uasc",
            {"child": ("CHILD", STRING), "duc": ("DUC__date", DATE)},
            key=("child",),
        ),
        _spec(
            "s903_reviews",
            "ssda903",
            "reviews",
            {"child": ("CHILD", STRING), "review": ("REVIEW__date", DATE)},
            key=("child", "review"),
        ),
        _spec(
            "s903_ad1",
            "ssda903",
            "ad1",
            {
                "child": ("CHILD", STRING),
                "date_int": ("DATE_INT__date", DATE),
                "date_match": ("DATE_MATCH__date", DATE),
                "foster_care": ("FOSTER_CARE", STRING),
            },
            key=("child",),
        ),
        _spec(
            "s903_missing",
            "ssda903",
            "missing",
            {
                "child": ("CHILD", STRING),
                "kind": ("MISSING", STRING),
                "start": ("MIS_START__date", DATE),
                "end": ("MIS_END__date", DATE),
            },
            key=("child", "start", "kind"),
        ),
        _spec(
            "s903_sw",
            "ssda903",
            "social_worker_episodes",
            {
                "child": ("CHILD", STRING),
                "sw_id": ("SW_ID", STRING),
                "start": ("SW_DECOM__date", DATE),
                "end": ("SW_DEC__date", DATE),
            },
            key=("child", "start"),
        ),
        _spec(
            "s903_oc2",
            "ssda903",
            "oc2",
            {
                "child": ("CHILD", STRING),
                "dob": ("DOB__date", DATE),
                "health_check": ("HEALTH_CHECK", STRING),
                "immunisations": ("IMMUNISATIONS", STRING),
                "teeth_check": ("TEETH_CHECK", STRING),
                "health_assessment": ("HEALTH_ASSESSMENT", STRING),
            },
        ),
        _spec(
            "s903_oc3",
            "ssda903",
            "oc3",
            {
                "child": ("CHILD", STRING),
                "dob": ("DOB__date", DATE),
                "in_touch": ("IN_TOUCH", STRING),
                "activity": ("ACTIV", STRING),
                "accommodation": ("ACCOM", STRING),
            },
        ),
        # --- Workforce census ----------------------------------------------------------------
        _spec(
            "wf_staff",
            "workforce",
            "staff",
            {
                "staff_id": ("StaffID", STRING),
                "census": ("CensusDate__date", DATE),
                "team": ("Team", STRING),
                "role": ("Role", STRING),
                "agency": ("Agency", STRING),
                "fte": ("FTE__num", FLOAT),
                "start": ("StartDate__date", DATE),
                "leaving": ("LeavingDate__date", DATE),
                "cases": ("CasesHeld__num", FLOAT),
                "sickness": ("SicknessDays__num", FLOAT),
            },
            child_columns=(),
        ),
        _spec(
            "wf_vacancies",
            "workforce",
            "vacancies",
            {
                "census": ("CensusDate__date", DATE),
                "team": ("Team", STRING),
                "vacant_fte": ("VacantFTE__num", FLOAT),
                "agency_fte": ("CoveredByAgencyFTE__num", FLOAT),
            },
            child_columns=(),
        ),
        # --- Ofsted Annex A (per-year extracts) ----------------------------------------------
        _spec(
            "aa_contacts",
            "annexa",
            "list_1",
            {**_AA, "contact_date": ("Date of Contact__date", DATE)},
        ),
        _spec(
            "aa_cin",
            "annexa",
            "list_6",
            {
                **_AA,
                "start": ("CIN Start Date__date", DATE),
                "last_seen": ("Date Child Was Last Seen__date", DATE),
                "closure": ("CIN Closure Date__date", DATE),
                "case_status": ("Case Status", STRING),
                "team": ("Allocated Team", STRING),
                "worker": ("Allocated Worker", STRING),
            },
        ),
        _spec(
            "aa_cp",
            "annexa",
            "list_7",
            {
                **_AA,
                "start": ("Child Protection Plan Start Date__date", DATE),
                "end": ("Child Protection Plan End Date__date", DATE),
                "last_visit": ("Date of the Last Statutory Visit__date", DATE),
                "team": ("Allocated Team", STRING),
                "worker": ("Allocated Worker", STRING),
            },
        ),
        _spec(
            "aa_cla",
            "annexa",
            "list_8",
            {
                **_AA,
                "start": ("Date Started to be Looked After__date", DATE),
                "ceased": ("Date Ceased to be Looked After__date", DATE),
                "placement_start": ("Start Date of Most Recent Placement__date", DATE),
                "last_visit": ("Date of Last Social Work Visit__date", DATE),
                "location": ("Placement Location (In/Out LA Boundary)", STRING),
                "team": ("Allocated Team", STRING),
                "worker": ("Allocated Worker", STRING),
            },
        ),
    )
}


def specs_for(return_id: str, source_table: str) -> list[TableSpec]:
    return [
        s for s in SPECS.values() if s.return_id == return_id and s.source_table == source_table
    ]


# --- The calendar: working-day index and calendar-month offsets -----------------------------

CALENDAR_FIRST = date(2000, 1, 1)
CALENDAR_LAST = date(2040, 12, 31)
MONTH_OFFSETS = (3, 6, 12, 24)


@cache
def calendar_arrow() -> pa.Table:
    """One row per day 2000–2040: `d`, `wd` and `p3m`/`p6m`/`p12m`/`p24m`.

    `wd` is the number of England and Wales working days from the calendar's first day up to
    and including `d`, so `wd(end) - wd(start)` counts the working days strictly after `start`
    up to and including `end`: DfE's convention (same day = 0; a Friday start and a Monday end
    = 1; a start on a Saturday counts Monday as day 1). `pNm` is `d` plus N calendar months,
    clipped to the last day of a shorter month (31 Aug + 6 months = 28/29 Feb).
    """
    days = np.arange(
        np.datetime64(CALENDAR_FIRST, "D"), np.datetime64(CALENDAR_LAST + timedelta(days=1), "D")
    )
    first = np.full(days.shape, np.datetime64(CALENDAR_FIRST, "D"))
    index = working_days_between_arrays(first, days).astype(np.int64)
    columns: dict[str, object] = {"d": pa.array(days, type=pa.date32()), "wd": pa.array(index)}
    months = days.astype("datetime64[M]")
    day_in_month = days - months.astype("datetime64[D]")
    for offset in MONTH_OFFSETS:
        target = months + np.timedelta64(offset, "M")
        last_day = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(
            1, "D"
        )
        shifted = np.minimum(target.astype("datetime64[D]") + day_in_month, last_day)
        columns[f"p{offset}m"] = pa.array(shifted, type=pa.date32())
    return pa.table(columns)


CALENDAR_SCHEMA = {"d": DATE, "wd": INT, **{f"p{m}m": DATE for m in MONTH_OFFSETS}}
