"""Rules added or changed in 2024/25 (end year 2025): Sex replaces GenderCurrent, LAchildID
format checks, and queries on the retired assessment factors 18A/19A."""

from __future__ import annotations

import polars as pl

from thrive.statutory.cin import spec
from thrive.statutory.cin.checks import la_level, not_in, present
from thrive.statutory.cin.registry import registry
from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData

E, Q = Severity.ERROR, Severity.QUERY
CHILDREN, ASSESS = spec.CHILDREN, spec.ASSESSMENTS


def _factors_contain(code: str) -> pl.Expr:
    return pl.col("AssessmentFactors").list.contains(code)


@registry.rule(
    "1570",
    since=2025,
    severity=E,
    tables=(CHILDREN,),
    fields=("LAchildID",),
    message="LA Child ID is longer than 20 characters: shorten it to 20 letters or digits.",
)
def rule_1570(data: ReturnData) -> pl.DataFrame:
    return data[CHILDREN].filter(pl.col("LAchildID").str.len_chars() > 20)


@registry.rule(
    "1580",
    since=2025,
    severity=E,
    tables=(CHILDREN,),
    fields=("LAchildID",),
    message="LA Child ID contains characters other than letters and digits: remove spaces, "
    "hyphens and other symbols.",
)
def rule_1580(data: ReturnData) -> pl.DataFrame:
    return data[CHILDREN].filter(pl.col("LAchildID").str.contains(r"[^A-Za-z0-9]"))


@registry.rule(
    "4180",
    since=2025,
    severity=E,
    tables=(CHILDREN,),
    fields=("Sex",),
    message="Sex is missing or invalid: record M (male), F (female) or U (unknown or unborn).",
)
def rule_4180(data: ReturnData) -> pl.DataFrame:
    return data[CHILDREN].filter(not_in("Sex", spec.code_lists(data.year).sex))


@registry.rule(
    "8750",
    since=2025,
    severity=E,
    tables=(CHILDREN,),
    fields=("Sex", "ExpectedPersonBirthDate"),
    message="Sex must equal U for an unborn child: a child with only an expected date of "
    "birth must have Sex U.",
)
def rule_8750(data: ReturnData) -> pl.DataFrame:
    unborn = present("ExpectedPersonBirthDate") & ~present("PersonBirthDate")
    return data[CHILDREN].filter(unborn & (pl.col("Sex").fill_null("") != "U"))


@registry.rule(
    "8945Q",
    since=2025,
    severity=Q,
    tables=(ASSESS,),
    fields=("AssessmentFactors",),
    message="Please check: factor code 18A (physical abuse) is no longer used; record 18B "
    "(by another child or young person) or 18C (by an adult).",
)
def rule_8945q(data: ReturnData) -> pl.DataFrame:
    return data[ASSESS].filter(_factors_contain("18A"))


@registry.rule(
    "8950Q",
    since=2025,
    severity=Q,
    tables=(ASSESS,),
    fields=("AssessmentFactors",),
    message="Please check: factor code 19A (sexual abuse) is no longer used; record 19B "
    "(by another child or young person) or 19C (by an adult).",
)
def rule_8950q(data: ReturnData) -> pl.DataFrame:
    return data[ASSESS].filter(_factors_contain("19A"))


@registry.rule(
    "2886Q",
    since=2025,
    severity=Q,
    tables=(CHILDREN,),
    fields=("Sex",),
    message="Please check and either amend or provide a reason: Percentage of children with no "
    "sex recorded is more than 2% (excluding unborns).",
)
def rule_2886q(data: ReturnData) -> pl.DataFrame:
    children = data[CHILDREN]
    unknown = pl.col("Sex").is_null() | (pl.col("Sex") == "U")
    share = children.filter(unknown & ~present("ExpectedPersonBirthDate")).height
    return la_level(children, children.height > 0 and share / children.height > 0.02)
