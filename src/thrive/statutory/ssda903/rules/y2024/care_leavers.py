"""Care leaver (OC3) rules that need episodes or other tables."""

from __future__ import annotations

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    CHILD,
    DEC,
    DECOM,
    DOB,
    birthday,
    episodes,
    filled,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
O3 = spec.OC3
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")


def _leavers(data: ReturnData) -> pl.DataFrame:
    """OC3 rows with care leaver information, with their own DOB as `__dob` (as DfE reads it;
    a DOB differing from the header's is INT15's concern)."""
    return data[O3].filter(filled(OC3_FIELDS)).with_columns(pl.col(DOB).alias("__dob"))


def _birthday_in_year(age: int, data: ReturnData) -> pl.Expr:
    day = birthday(pl.col("__dob"), age)
    return (day >= data.period_start) & (day <= data.period_end)


@registry.rule(
    "1007",
    severity=E,
    tables=(O3,),
    fields=OC3_FIELDS,
    message="The young person was still looked after on their 17th or 18th birthday, so care "
    "leaver information is not needed: leave IN_TOUCH, ACTIV and ACCOM blank.",
)
def rule_1007(data: ReturnData) -> pl.DataFrame:
    leavers = _leavers(data)
    frames = []
    for age in (17, 18):
        day = birthday(pl.col("__dob"), age)
        turning = leavers.filter(_birthday_in_year(age, data)).select(
            CHILD, day.alias("__birthday")
        )
        spells = episodes(data).select(CHILD, DECOM, DEC).join(turning, on=CHILD, how="inner")
        in_care = spells.filter(
            (pl.col(DECOM) <= pl.col("__birthday"))
            & (pl.col(DEC).is_null() | (pl.col(DEC) > pl.col("__birthday")))
        )
        frames.append(in_care.select(CHILD))
    return leavers.join(pl.concat(frames).unique(), on=CHILD, how="semi")


@registry.rule(
    "3001",
    severity=E,
    tables=(O3,),
    fields=("ACCOM", "DOB"),
    message="The young person turned 17 this year, so their accommodation cannot be with former "
    "foster carers (Z1/Z2): check ACCOM.",
)
def rule_3001(data: ReturnData) -> pl.DataFrame:
    leavers = _leavers(data)
    return leavers.filter(_birthday_in_year(17, data) & pl.col("ACCOM").str.starts_with("Z"))


@registry.rule(
    "347",
    severity=E,
    tables=(O3,),
    fields=("ACCOM", "DOB"),
    message="Care leavers under 18 cannot be accommodated in a foyer (T1/T2): check ACCOM.",
)
def rule_347(data: ReturnData) -> pl.DataFrame:
    leavers = _leavers(data)
    under_18 = birthday(pl.col("__dob"), 18) > data.period_end
    return leavers.filter(under_18 & pl.col("ACCOM").str.starts_with("T"))


_OTHER_TABLES = (
    spec.REVIEWS,
    spec.MISSING,
    spec.OC2,
    spec.AD1,
    spec.PLACED_FOR_ADOPTION,
    spec.PREVIOUS_PERMANENCE,
)
"""The tables DfE rule 1012 names (social worker episodes came later and are not among them)."""


@registry.rule(
    "1012",
    severity=E,
    tables=_OTHER_TABLES,
    fields=("CHILD",),
    message="The child has no episodes this year (for example a care leaver with only OC3 data), "
    "so no reviews, missing periods, OC2, adoption or previous permanence data should be "
    "returned for them.",
)
def rule_1012(data: ReturnData) -> dict[str, pl.DataFrame]:
    in_care = episodes(data).select(CHILD)
    return {table: data[table].join(in_care, on=CHILD, how="anti") for table in _OTHER_TABLES}
