"""More header rules that need the episodes: UPN and motherhood for children in care."""

from __future__ import annotations

import datetime as dt

import polars as pl

from thrive.statutory.issues import Severity
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec
from thrive.statutory.ssda903.derived import (
    CHILD,
    DEC,
    DECOM,
    episodes,
)
from thrive.statutory.ssda903.registry import registry

E = Severity.ERROR
H = spec.HEADER


def _looked_after(data: ReturnData) -> pl.DataFrame:
    """Children with an episode in the return other than a short break (V3/V4)."""
    short_break = pl.col("LS").str.to_uppercase().is_in(sorted(spec.RESPITE_LS)).fill_null(False)
    return episodes(data).filter(~short_break).select(CHILD).unique()


@registry.rule(
    "442",
    severity=E,
    tables=(H,),
    fields=("UPN",),
    message="UPN is blank for a child looked after this year: give the UPN, or UN1-UN5 if it is "
    "not known.",
)
def rule_442(data: ReturnData) -> pl.DataFrame:
    in_care = episodes(data).select(CHILD).unique()
    return data[H].filter(pl.col("UPN").is_null()).join(in_care, on=CHILD, how="semi")


@registry.rule(
    "210",
    severity=E,
    tables=(H,),
    fields=("UPN", "DECOM"),
    message="The child has been looked after for more than a week at 31 March, so UPN code UN4 "
    "(newly looked after, UPN not yet known) should be replaced by the UPN or another code.",
)
def rule_210(data: ReturnData) -> pl.DataFrame:
    unknown = data[H].filter(pl.col("UPN") == "UN4")
    if unknown.height == 0:
        return unknown
    week_before = data.period_end - dt.timedelta(days=7)
    frame = episodes(data)
    open_at_end = frame.filter(pl.col(DEC).is_null() | (pl.col(DEC) > data.period_end))
    periods = open_at_end.select(CHILD, "period").unique()
    starts = (
        frame.join(periods, on=[CHILD, "period"], how="semi")
        .group_by(CHILD)
        .agg(pl.col(DECOM).min().alias("__start"))
        .filter(pl.col("__start") < week_before)
    )
    return unknown.join(starts, on=CHILD, how="semi")


@registry.rule(
    "393",
    severity=E,
    tables=(H,),
    fields=("MOTHER", "SEX"),
    message="The child is female and looked after (not only on short breaks), but MOTHER is "
    "blank: record 1 if she is a mother, 0 if not.",
)
def rule_393(data: ReturnData) -> pl.DataFrame:
    # DfE: MOTHER is required for every looked-after girl, whatever her age.
    female = "2" if data.year <= 2024 else "F"
    header = data[H].filter((pl.col("SEX") == female) & pl.col("MOTHER").is_null())
    return header.join(_looked_after(data), on=CHILD, how="semi")


@registry.rule(
    "207",
    severity=E,
    tables=(H,),
    fields=("MOTHER",),
    needs_previous=True,
    message="Last year the child was recorded as a mother, but this year MOTHER is 0 or blank: "
    "check which is right.",
)
def rule_207(data: ReturnData) -> pl.DataFrame:
    if data.previous is None:  # the runner never calls it without last year's return
        raise ValueError("last year's return is needed")
    # Once a mother, always a mother: blank or 0 this year both disagree, for a child with
    # episodes this year (a care leaver's header is not re-recorded).
    mothers = data.previous[H].filter(pl.col("MOTHER") == "1").select(CHILD)
    in_care = episodes(data).select(CHILD).unique()
    current = data[H].filter(pl.col("MOTHER").ne_missing(pl.lit("1")))
    return current.join(mothers, on=CHILD, how="semi").join(in_care, on=CHILD, how="semi")
