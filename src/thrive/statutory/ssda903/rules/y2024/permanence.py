"""Previous permanence rules (children starting care since April 2016) and UASC dates."""

from __future__ import annotations

import datetime as dt

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.reading import ROW
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    CHILD,
    DECOM,
    episodes,
    filled,
    not_in,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
PP = spec.PREVIOUS_PERMANENCE
# DfE allows unknown parts of the previous permanence date as zz: dd/mm/yyyy, zz/mm/yyyy or
# zz/zz/yyyy.
DATE_PERM_PATTERN = r"^(?:(?:0[1-9]|[12]\d|3[01]|zz)/(?:0[1-9]|1[0-2])|zz/zz)/(?:19|20)\d\d$"


@registry.rule(
    "631",
    severity=E,
    tables=(PP,),
    fields=("PREV_PERM",),
    message="Previous permanence option is not valid: use P1, P2, P3, P4 or Z1.",
)
def rule_631(data: ReturnData) -> pl.DataFrame:
    # A blank option is rule 630's concern (it is needed only for children starting care).
    return data[PP].filter(not_in("PREV_PERM", spec.PREV_PERM))


@registry.rule(
    "632",
    severity=E,
    tables=(PP,),
    fields=("DATE_PERM",),
    message="Date of the previous permanence order is not valid: use dd/mm/yyyy, with zz for an "
    "unknown day or month (e.g. zz/05/2015).",
)
def rule_632(data: ReturnData) -> pl.DataFrame:
    value = pl.col("DATE_PERM")
    return data[PP].filter(value.is_not_null() & ~value.str.contains(DATE_PERM_PATTERN))


@registry.rule(
    "635",
    severity=E,
    tables=(PP,),
    fields=("PREV_PERM", "DATE_PERM", "LA_PERM"),
    message="Previous permanence is Z1 (none) or blank but a date or local authority of the "
    "order is given: remove them or correct the code.",
)
def rule_635(data: ReturnData) -> pl.DataFrame:
    # A date or council of an order with no option given at all is just as contradictory.
    no_order = (pl.col("PREV_PERM") == "Z1") | pl.col("PREV_PERM").is_null()
    return data[PP].filter(no_order.fill_null(True) & filled(("DATE_PERM", "LA_PERM")))


@registry.rule(
    "630",
    severity=E,
    tables=(spec.EPISODES,),
    fields=("RNE", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    message="The child started to be looked after this year, so previous permanence "
    "information must be returned: add the child's previous permanence row with PREV_PERM, "
    "and for a previous order (not Z1) the local authority (LA_PERM) and date (DATE_PERM).",
)
def rule_630(data: ReturnData) -> pl.DataFrame:
    started = episodes(data).filter((pl.col("RNE") == "S") & (pl.col(DECOM) >= data.period_start))
    # Any of the child's previous permanence rows being incomplete counts (a missing row too).
    permanence = data[PP].select(CHILD, "PREV_PERM", "LA_PERM", "DATE_PERM")
    joined = started.join(permanence, on=CHILD, how="left")
    no_row_or_code = pl.col("PREV_PERM").is_null()
    order_incomplete = (pl.col("PREV_PERM") != "Z1") & (
        pl.col("LA_PERM").is_null() | pl.col("DATE_PERM").is_null()
    )
    return joined.filter(no_row_or_code | order_incomplete.fill_null(False)).unique(
        ROW, keep="first", maintain_order=True
    )


@registry.rule(
    "634",
    severity=E,
    tables=(PP,),
    fields=("PREV_PERM", "DECOM"),
    message="Previous permanence is recorded but the child has not started to be looked after "
    "since 1 April 2016: remove the row.",
)
def rule_634(data: ReturnData) -> pl.DataFrame:
    latest = episodes(data).group_by(CHILD).agg(pl.col(DECOM).max().alias("__latest"))
    joined = data[PP].join(latest, on=CHILD, how="inner")
    return joined.filter(pl.col("__latest") < dt.date(2016, 4, 1))
