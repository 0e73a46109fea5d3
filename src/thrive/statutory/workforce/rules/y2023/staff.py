"""WF01-WF20: checks on the staff and vacancies files (codes fixed by the shared contract)."""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import date_col, num_col
from thrive.statutory.rules import ReturnData
from thrive.statutory.workforce import spec
from thrive.statutory.workforce.registry import registry

E, W = Severity.ERROR, Severity.WARNING
STAFF, VACANCIES = spec.STAFF, spec.VACANCIES


def day(name: str) -> pl.Expr:
    return pl.col(date_col(name))


def amount(name: str) -> pl.Expr:
    return pl.col(num_col(name))


def given(name: str) -> pl.Expr:
    return pl.col(name).is_not_null()


def not_in(name: str, codes: frozenset[str] | dict[str, str]) -> pl.Expr:
    return pl.col(name).is_null() | ~pl.col(name).is_in(sorted(codes))


@registry.rule(
    "WF01",
    severity=E,
    tables=(STAFF,),
    fields=("StaffID",),
    message="StaffID is blank or repeats the StaffID of an earlier row: give each worker one "
    "unique id.",
)
def rule_wf01(data: ReturnData) -> pl.DataFrame:
    staff = data[STAFF]
    repeated = given("StaffID") & ~pl.col("StaffID").is_first_distinct()
    return staff.filter(~given("StaffID") | repeated)


@registry.rule(
    "WF02",
    severity=E,
    tables=(STAFF,),
    fields=("FTE",),
    message="FTE must be a number greater than 0 and at most 1 (e.g. 0.6 for three days a week).",
)
def rule_wf02(data: ReturnData) -> pl.DataFrame:
    fte = amount("FTE")
    return data[STAFF].filter(fte.is_null() | (fte <= 0) | (fte > 1))


@registry.rule(
    "WF03",
    severity=E,
    tables=(STAFF,),
    fields=("StartDate",),
    message="StartDate is blank or not a valid date (dd/mm/yyyy).",
)
def rule_wf03(data: ReturnData) -> pl.DataFrame:
    return data[STAFF].filter(day("StartDate").is_null())


@registry.rule(
    "WF04",
    severity=E,
    tables=(STAFF,),
    fields=("LeavingDate", "StartDate"),
    message="LeavingDate is before StartDate.",
)
def rule_wf04(data: ReturnData) -> pl.DataFrame:
    return data[STAFF].filter(day("LeavingDate") < day("StartDate"))


@registry.rule(
    "WF05",
    severity=E,
    tables=(STAFF,),
    fields=("Agency",),
    message="Agency must be 1 (agency worker) or 0 (employed by the LA).",
)
def rule_wf05(data: ReturnData) -> pl.DataFrame:
    return data[STAFF].filter(not_in("Agency", spec.AGENCY))


@registry.rule(
    "WF06",
    severity=E,
    tables=(STAFF, VACANCIES),
    fields=("Role",),
    message="Role is not a valid code: 1 senior manager, 2 middle manager, 3 first line "
    "manager, 4 senior practitioner, 5 case holder, 6 qualified social worker not holding "
    "cases.",
)
def rule_wf06(data: ReturnData) -> dict[str, pl.DataFrame]:
    return {t: data[t].filter(not_in("Role", spec.ROLES)) for t in (STAFF, VACANCIES)}


@registry.rule(
    "WF07",
    severity=E,
    tables=(STAFF,),
    fields=("CasesHeld",),
    message="CasesHeld must be a whole number of 0 or more.",
)
def rule_wf07(data: ReturnData) -> pl.DataFrame:
    cases = amount("CasesHeld")
    bad = cases.is_null() | (cases < 0) | (cases != cases.floor())
    return data[STAFF].filter(given("CasesHeld") & bad)


@registry.rule(
    "WF08",
    severity=E,
    tables=(STAFF,),
    fields=("LeavingDate", "ReasonLeaving"),
    message="LeavingDate is given but ReasonLeaving is blank.",
)
def rule_wf08(data: ReturnData) -> pl.DataFrame:
    return data[STAFF].filter(given("LeavingDate") & ~given("ReasonLeaving"))


@registry.rule(
    "WF09",
    severity=E,
    tables=(STAFF,),
    fields=("ReasonLeaving", "LeavingDate"),
    message="ReasonLeaving is not a valid code (RES, RET, DIS, END, OTH) or is given for a "
    "worker with no LeavingDate.",
)
def rule_wf09(data: ReturnData) -> pl.DataFrame:
    reason = given("ReasonLeaving")
    invalid = ~pl.col("ReasonLeaving").is_in(sorted(spec.REASONS_LEAVING))
    return data[STAFF].filter(reason & (invalid | ~given("LeavingDate")))


@registry.rule(
    "WF10",
    severity=E,
    tables=(STAFF,),
    fields=("SWENumber",),
    message="SWENumber is blank or not in the form SW followed by digits (Social Work England "
    "registration number).",
)
def rule_wf10(data: ReturnData) -> pl.DataFrame:
    return data[STAFF].filter(~pl.col("SWENumber").fill_null("").str.contains(r"^SW\d+$"))


@registry.rule(
    "WF11",
    severity=E,
    tables=(STAFF, VACANCIES),
    fields=("CensusDate",),
    message="CensusDate must be 30 September of the census year (dd/mm/yyyy).",
)
def rule_wf11(data: ReturnData) -> dict[str, pl.DataFrame]:
    census = day("CensusDate")
    wrong = census.is_null() | (census != data.period_end)
    return {t: data[t].filter(wrong) for t in (STAFF, VACANCIES)}


@registry.rule(
    "WF12",
    severity=E,
    tables=(STAFF,),
    fields=("StartDate", "CensusDate"),
    message="StartDate is after the census date: only workers in post during the year are "
    "returned.",
)
def rule_wf12(data: ReturnData) -> pl.DataFrame:
    return data[STAFF].filter(day("StartDate") > data.period_end)


@registry.rule(
    "WF13",
    severity=E,
    tables=(STAFF,),
    fields=("CasesHeld", "LeavingDate"),
    message="Cases are recorded for a worker who had left by the census date: CasesHeld must "
    "be 0 or blank for leavers.",
)
def rule_wf13(data: ReturnData) -> pl.DataFrame:
    left = day("LeavingDate") <= data.period_end
    return data[STAFF].filter(left & (amount("CasesHeld") > 0))


@registry.rule(
    "WF14",
    severity=E,
    tables=(STAFF,),
    fields=("Ethnicity",),
    message="Ethnicity is not a valid code: use the SSDA903 ethnicity codes (e.g. WBRI, REFU "
    "for refused, NOBT for not obtained).",
)
def rule_wf14(data: ReturnData) -> pl.DataFrame:
    return data[STAFF].filter(not_in("Ethnicity", spec.ETHNICITY))


@registry.rule(
    "WF15",
    severity=E,
    tables=(STAFF,),
    fields=("Gender",),
    message="Gender must be M, F or U.",
)
def rule_wf15(data: ReturnData) -> pl.DataFrame:
    return data[STAFF].filter(not_in("Gender", spec.GENDERS))


@registry.rule(
    "WF16",
    severity=E,
    tables=(STAFF,),
    fields=("DateOfBirth",),
    message="DateOfBirth is invalid or implausible: the worker would be under 20 or over 80 at "
    "the census date.",
)
def rule_wf16(data: ReturnData) -> pl.DataFrame:
    born = day("DateOfBirth")
    census = pl.lit(data.period_end)
    too_young = born > census.dt.offset_by("-20y")
    too_old = born <= census.dt.offset_by("-81y")
    return data[STAFF].filter(born.is_null() | too_young | too_old)


@registry.rule(
    "WF17",
    severity=E,
    tables=(VACANCIES,),
    fields=("VacantFTE",),
    message="VacantFTE must be a number of 0 or more.",
)
def rule_wf17(data: ReturnData) -> pl.DataFrame:
    vacant = amount("VacantFTE")
    return data[VACANCIES].filter(vacant.is_null() | (vacant < 0))


@registry.rule(
    "WF18",
    severity=E,
    tables=(VACANCIES,),
    fields=("CoveredByAgencyFTE", "VacantFTE"),
    message="CoveredByAgencyFTE is greater than VacantFTE: agency cover cannot exceed the "
    "vacancies it covers.",
)
def rule_wf18(data: ReturnData) -> pl.DataFrame:
    return data[VACANCIES].filter(amount("CoveredByAgencyFTE") > amount("VacantFTE"))


@registry.rule(
    "WF19",
    severity=E,
    tables=(STAFF, VACANCIES),
    fields=("LA",),
    message="The LA number differs between rows or files: every row must carry the same DfE "
    "LA number.",
)
def rule_wf19(data: ReturnData) -> dict[str, pl.DataFrame]:
    values = pl.concat([data[t].select("LA") for t in (STAFF, VACANCIES)])
    counts = values.drop_nulls().get_column("LA").value_counts(sort=True)
    if counts.height == 0:
        return {t: data[t].clear() for t in (STAFF, VACANCIES)}
    top = counts.get_column("count")
    tied = int((top == top.max()).sum()) > 1
    usual = counts.row(0)[0]
    differs = pl.col("LA").is_null() | (pl.col("LA") != usual) | pl.lit(tied)
    return {t: data[t].filter(differs) for t in (STAFF, VACANCIES)}


@registry.rule(
    "WF20",
    severity=W,
    tables=(STAFF,),
    fields=("SicknessDays", "Agency"),
    message="SicknessDays is given for an agency worker: sickness is only returned for staff "
    "employed by the LA; leave it blank.",
)
def rule_wf20(data: ReturnData) -> pl.DataFrame:
    return data[STAFF].filter((pl.col("Agency") == "1") & given("SicknessDays"))
