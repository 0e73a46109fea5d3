"""2024/25: UASC under 11 and sex recorded as unknown."""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import DOB
from thrive.statutory.ssda903.registry import registry

H = spec.HEADER


@registry.rule(
    "231",
    severity=Severity.ERROR,
    tables=(H,),
    fields=("DOB", "UASC_STATUS"),
    since=2025,
    message="We expect that unaccompanied asylum seeking children are generally older young "
    "people. Please check the date of birth is correct. If the date of birth is correct then "
    "please provide details in a bypass request.",
)
def rule_231(data: ReturnData) -> pl.DataFrame:
    uasc = data[spec.UASC][spec.CHILD].drop_nulls().unique().implode()
    under_11 = pl.col(DOB) > pl.lit(data.period_end).dt.offset_by("-11y")
    return data[H].filter(pl.col(spec.CHILD).is_in(uasc) & under_11.fill_null(False))


@registry.rule(
    "232",
    severity=Severity.ERROR,
    tables=(H,),
    fields=("SEX",),
    since=2025,
    message="Sex of the child/young person has been reported as unknown (U): check the "
    "child's record and give M or F.",
)
def rule_232(data: ReturnData) -> pl.DataFrame:
    return data[H].filter(pl.col("SEX").str.to_uppercase() == "U")
