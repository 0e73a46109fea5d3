"""2023/24 versions of the gender rules, before Sex (M/F/U) replaced GenderCurrent (0/1/2/9)."""

from __future__ import annotations

import polars as pl

from thrive.statutory.cin import spec
from thrive.statutory.cin.checks import la_level, not_in, present
from thrive.statutory.cin.registry import registry
from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData

CHILDREN = spec.CHILDREN


@registry.rule(
    "4180",
    severity=Severity.ERROR,
    tables=(CHILDREN,),
    fields=("GenderCurrent",),
    message="Gender is missing or invalid: record GenderCurrent 1 (male), 2 (female), 9 (not "
    "specified) or 0 (not known, or unborn).",
)
def rule_4180_2024(data: ReturnData) -> pl.DataFrame:
    codes = spec.code_lists(data.year).gender_current
    return data[CHILDREN].filter(not_in("GenderCurrent", codes))


@registry.rule(
    "8750",
    severity=Severity.ERROR,
    tables=(CHILDREN,),
    fields=("GenderCurrent", "ExpectedPersonBirthDate"),
    message="Gender must equal 0 for an unborn child: a child with only an expected date of "
    "birth must have GenderCurrent 0.",
)
def rule_8750_2024(data: ReturnData) -> pl.DataFrame:
    unborn = present("ExpectedPersonBirthDate") & ~present("PersonBirthDate")
    return data[CHILDREN].filter(unborn & (pl.col("GenderCurrent").fill_null("") != "0"))


@registry.rule(
    "2886Q",
    severity=Severity.QUERY,
    tables=(CHILDREN,),
    fields=("GenderCurrent",),
    message="Please check and either amend or provide a reason: Percentage of children with no "
    "gender recorded is more than 2% (excluding unborns).",
)
def rule_2886q_2024(data: ReturnData) -> pl.DataFrame:
    children = data[CHILDREN]
    unknown = pl.col("GenderCurrent").is_null() | (pl.col("GenderCurrent") == "0")
    share = children.filter(unknown & ~present("ExpectedPersonBirthDate")).height
    return la_level(children, children.height > 0 and share / children.height > 0.02)
