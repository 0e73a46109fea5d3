"""Assessments and section 47 enquiries: dates, factors, overlaps, timeliness queries and
conference days (DfE CIN census validation rules 2024/25)."""

from __future__ import annotations

import polars as pl

from thrive.statutory.cin import spec
from thrive.statutory.cin.checks import (
    children_with,
    day,
    flag,
    is_weekend,
    outside,
    starts_inside_other,
    working_days_after,
)
from thrive.statutory.cin.registry import registry
from thrive.statutory.issues import Severity
from thrive.statutory.reading import date_col
from thrive.statutory.rules import ReturnData

E, Q = Severity.ERROR, Severity.QUERY
CIN, ASSESS, S47 = spec.CIN_DETAILS, spec.ASSESSMENTS, spec.SECTION47


def _factors_contain(code: str) -> pl.Expr:
    return pl.col("AssessmentFactors").list.contains(code)


@registry.rule(
    "8608",
    severity=E,
    tables=(ASSESS,),
    fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    message="Assessment Start Date cannot be later than its End Date (authorisation date).",
)
def rule_8608(data: ReturnData) -> pl.DataFrame:
    return data[ASSESS].filter(
        day("AssessmentAuthorisationDate") < day("AssessmentActualStartDate")
    )


@registry.rule(
    "8696",
    severity=E,
    tables=(ASSESS,),
    fields=("AssessmentAuthorisationDate",),
    message="Assessment end date must fall within the census year.",
)
def rule_8696(data: ReturnData) -> pl.DataFrame:
    return data[ASSESS].filter(outside(day("AssessmentAuthorisationDate"), data))


@registry.rule(
    "8736",
    severity=E,
    tables=(ASSESS,),
    fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    message="For an Assessment that has not been completed, the start date must fall within "
    "the census year.",
)
def rule_8736(data: ReturnData) -> pl.DataFrame:
    not_completed = day("AssessmentAuthorisationDate").is_null()
    return data[ASSESS].filter(not_completed & outside(day("AssessmentActualStartDate"), data))


@registry.rule(
    "8869",
    severity=E,
    tables=(ASSESS,),
    fields=("AssessmentFactors",),
    message="The assessment factors code '21 No factors identified' cannot be used in "
    "conjunction with any other assessment factors.",
)
def rule_8869(data: ReturnData) -> pl.DataFrame:
    factors = pl.col("AssessmentFactors")
    return data[ASSESS].filter(_factors_contain("21") & (factors.list.len() > 1))


@registry.rule(
    "8614",
    severity=E,
    tables=(ASSESS,),
    fields=("AssessmentAuthorisationDate", "AssessmentFactors"),
    message="Parental or child factors at assessment should only be present for a completed "
    "assessment.",
)
def rule_8614(data: ReturnData) -> pl.DataFrame:
    return data[ASSESS].filter(
        day("AssessmentAuthorisationDate").is_null() & (pl.col("AssessmentFactors").list.len() > 0)
    )


@registry.rule(
    "8617",
    severity=E,
    tables=(ASSESS,),
    fields=("AssessmentFactors",),
    message="Code 8A has been returned. This code is not a valid code.",
)
def rule_8617(data: ReturnData) -> pl.DataFrame:
    return data[ASSESS].filter(_factors_contain("8A"))


@registry.rule(
    "8863Q",
    severity=Q,
    tables=(ASSESS,),
    fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    message="Please check: an Assessment is shown as starting when there is another Assessment "
    "ongoing in the same CIN episode.",
)
def rule_8863q(data: ReturnData) -> pl.DataFrame:
    return starts_inside_other(
        data[ASSESS],
        spec.CIN_ID,
        date_col("AssessmentActualStartDate"),
        date_col("AssessmentAuthorisationDate"),
        data.period_end,
        end_inclusive=True,
    )


@registry.rule(
    "8670Q",
    severity=Q,
    tables=(ASSESS,),
    fields=("AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    message="Please check: Assessment started more than 45 working days before the end of the "
    "census year. However, there is no Assessment end date.",
)
def rule_8670q(data: ReturnData) -> pl.DataFrame:
    table = data[ASSESS].filter(day("AssessmentAuthorisationDate").is_null())
    start = table.get_column(date_col("AssessmentActualStartDate"))
    days = working_days_after(start, data.period_end)
    return table.filter(days > 45)


@registry.rule(
    "8675Q",
    severity=Q,
    tables=(S47,),
    fields=("S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"),
    message="Please check: S47 Enquiry started more than 15 working days before the end of the "
    "census year. However, there is no date of Initial Child Protection Conference.",
)
def rule_8675q(data: ReturnData) -> pl.DataFrame:
    table = data[S47].filter(
        day("DateOfInitialCPC").is_null() & ~flag("ICPCnotRequired").fill_null(False)
    )
    days = working_days_after(table.get_column(date_col("S47ActualStartDate")), data.period_end)
    return table.filter(days > 15)


@registry.rule(
    "8870Q",
    severity=Q,
    tables=(S47,),
    fields=("InitialCPCtarget",),
    message="Please check: The Target Date for Initial Child Protection Conference should not "
    "be a weekend.",
)
def rule_8870q(data: ReturnData) -> pl.DataFrame:
    return data[S47].filter(is_weekend(day("InitialCPCtarget")))


@registry.rule(
    "8875",
    severity=E,
    tables=(S47,),
    fields=("DateOfInitialCPC",),
    message="The Date of Initial Child Protection Conference cannot fall on a weekend: check "
    "the date of the conference recorded on the Section 47 enquiry.",
)
def rule_8875(data: ReturnData) -> pl.DataFrame:
    # DfE's 8875 belongs to the Section 47 module: the conference date of an S47 enquiry.
    return data[S47].filter(is_weekend(day("DateOfInitialCPC")))


@registry.rule(
    "8615",
    severity=E,
    tables=(S47,),
    fields=("S47ActualStartDate", "DateOfInitialCPC"),
    message="Section 47 Enquiry Start Date must be present and cannot be later than the date "
    "of the initial Child Protection Conference.",
)
def rule_8615(data: ReturnData) -> pl.DataFrame:
    start, conference = day("S47ActualStartDate"), day("DateOfInitialCPC")
    return data[S47].filter(conference.is_not_null() & (start.is_null() | (start > conference)))


@registry.rule(
    "8839",
    severity=E,
    tables=(S47,),
    fields=("DateOfInitialCPC", "ICPCnotRequired"),
    message="Within one CINDetails group there are 2 or more open S47 Assessments.",
)
def rule_8839(data: ReturnData) -> pl.DataFrame:
    open_enquiries = data[S47].filter(
        day("DateOfInitialCPC").is_null() & ~flag("ICPCnotRequired").fill_null(False)
    )
    return open_enquiries.filter(pl.col(spec.CIN_ID).is_duplicated())


@registry.rule(
    "8890",
    severity=E,
    tables=(S47,),
    fields=("S47ActualStartDate", "DateOfInitialCPC"),
    message="A Section 47 enquiry is shown as starting when there is another Section 47 "
    "Enquiry ongoing.",
)
def rule_8890(data: ReturnData) -> pl.DataFrame:
    enquiries = data[S47].with_columns(
        (~flag("ICPCnotRequired").fill_null(False)).alias("__ongoing")
    )
    return starts_inside_other(
        enquiries,
        spec.CIN_ID,
        date_col("S47ActualStartDate"),
        date_col("DateOfInitialCPC"),
        data.period_end,
        end_inclusive=True,
        open_end=pl.col("__ongoing_other"),
    )


@registry.rule(
    "8740",
    severity=E,
    tables=(S47,),
    fields=("S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"),
    message="For a Section 47 Enquiry that has not held the Initial Child Protection "
    "Conference by the end of the census year, the start date must fall within the census "
    "year.",
)
def rule_8740(data: ReturnData) -> pl.DataFrame:
    pending = day("DateOfInitialCPC").is_null() & (flag("ICPCnotRequired") == False)  # noqa: E712
    return data[S47].filter(pending & outside(day("S47ActualStartDate"), data))


@registry.rule(
    "8715",
    severity=E,
    tables=(S47,),
    fields=("DateOfInitialCPC",),
    message="Date of Initial Child Protection Conference must fall within the census year: an "
    "S47 enquiry's conference date is before 1 April or after the reference date.",
)
def rule_8715(data: ReturnData) -> pl.DataFrame:
    # DfE's 8715 belongs to the Section 47 module. A conference recorded on the CIN episode
    # itself (no S47 in the episode) may predate the year: an episode open since last year
    # keeps the conference that started its child protection plan.
    return data[S47].filter(outside(day("DateOfInitialCPC"), data))


@registry.rule(
    "8896",
    severity=E,
    tables=(ASSESS,),
    fields=("AssessmentAuthorisationDate",),
    message="Within one CINDetails group there are 2 or more open Assessments groups (no "
    "authorisation date).",
)
def rule_8896(data: ReturnData) -> pl.DataFrame:
    open_assessments = data[ASSESS].filter(day("AssessmentAuthorisationDate").is_null())
    return open_assessments.filter(pl.col(spec.CIN_ID).is_duplicated())


@registry.rule(
    "8897Q",
    severity=Q,
    tables=(ASSESS,),
    fields=("AssessmentAuthorisationDate", "AssessmentFactors"),
    message="Please check: parental or child factors at assessment information is missing from "
    "a completed assessment, or a factor is not a valid code.",
)
def rule_8897q(data: ReturnData) -> pl.DataFrame:
    # DfE: if AssessmentAuthorisationDate is on or after the start of the census year, one or
    # more AssessmentFactors must be present and each must be a valid code. The retired
    # 18A/19A have their own queries (8945Q/8950Q), so they are not reported again here.
    valid = sorted(spec.code_lists(data.year).assessment_factors | {"18A", "19A"})
    factors = pl.col("AssessmentFactors")
    invalid = factors.list.eval(~pl.element().is_in(valid)).list.any()
    completed = day("AssessmentAuthorisationDate") >= data.period_start
    return data[ASSESS].filter(completed & ((factors.list.len() == 0) | invalid))


@registry.rule(
    "8898",
    severity=E,
    tables=(ASSESS,),
    fields=("AssessmentFactors",),
    message="The assessment has more than one parental or child factors with the same code.",
)
def rule_8898(data: ReturnData) -> pl.DataFrame:
    factors = pl.col("AssessmentFactors")
    return data[ASSESS].filter(factors.list.len() > factors.list.unique().list.len())


@registry.rule(
    "8899Q",
    severity=Q,
    tables=(ASSESS,),
    fields=("AssessmentFactors", "Disability"),
    message="Please check: A child identified as having a disability does not have a "
    "disability factor recorded at the end of assessment.",
)
def rule_8899q(data: ReturnData) -> pl.DataFrame:
    disabled = data[spec.DISABILITIES].filter(
        pl.col("Disability").is_not_null() & (pl.col("Disability").str.to_uppercase() != "NONE")
    )
    completed = day("AssessmentAuthorisationDate") >= data.period_start
    no_factor = ~(_factors_contain("5A") | _factors_contain("6A"))
    return data[ASSESS].filter(children_with(disabled) & completed & no_factor)
