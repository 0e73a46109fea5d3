"""Frames and expressions several SSDA903 rules share: chained episodes, ages, the OC2 cohort.

Built once per submission through `ReturnData.cached`, so a hundred rules do not re-sort the
episodes table a hundred times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from thrive.statutory.reading import ROW, date_col
from thrive.statutory.rules import ReturnData
from thrive.statutory.ssda903 import spec

CHILD = spec.CHILD
DECOM = date_col("DECOM")
DEC = date_col("DEC")
DOB = date_col("DOB")
HEADER_DOB = "__header_dob"
HEADER_SEX = "__header_sex"
AGE_AT_START = "__age_at_start"
AGE_AT_END = "__age_at_end"

PLACEMENT_FIELDS = ("PLACE", "PLACE_PROVIDER", "PL_POST", "URN")
NEIGHBOUR_FIELDS = ("DECOM", "DEC", "RNE", "LS", "CIN", "PLACE", "REC", *PLACEMENT_FIELDS[1:])


def bad_date(column: str) -> pl.Expr:
    """A value is given but is not a real date in the expected format."""
    return pl.col(column).is_not_null() & pl.col(date_col(column)).is_null()


def blank_or_bad_date(column: str) -> pl.Expr:
    return pl.col(date_col(column)).is_null()


def not_in(column: str, codes: Iterable[str]) -> pl.Expr:
    """A value is given but is not one of `codes` (case-sensitive, as DfE checks)."""
    return pl.col(column).is_not_null() & ~pl.col(column).is_in(sorted(codes))


def blank_or_not_in(column: str, codes: Iterable[str]) -> pl.Expr:
    return pl.col(column).is_null() | ~pl.col(column).is_in(sorted(codes))


def is_in(column: str, codes: Iterable[str]) -> pl.Expr:
    return pl.col(column).is_in(sorted(codes)).fill_null(False)


def birthday(dob: pl.Expr, years: int) -> pl.Expr:
    """The date a child born on `dob` turns `years` old."""
    return dob.dt.offset_by(f"{years}y")


def age_at(dob: pl.Expr, day: pl.Expr) -> pl.Expr:
    """Whole years of age on `day`."""
    years = day.dt.year() - dob.dt.year()
    before = (day.dt.month() < dob.dt.month()) | (
        (day.dt.month() == dob.dt.month()) & (day.dt.day() < dob.dt.day())
    )
    return years - before.cast(pl.Int32)


def lit_date(day: dt.date) -> pl.Expr:
    return pl.lit(day, dtype=pl.Date)


def header_facts(data: ReturnData) -> pl.DataFrame:
    """One row per child from the Header: DOB and SEX (first row wins for duplicates)."""

    def build() -> pl.DataFrame:
        return (
            data[spec.HEADER]
            .filter(pl.col(CHILD).is_not_null())
            .unique(CHILD, keep="first", maintain_order=True)
            .select(CHILD, pl.col(DOB).alias(HEADER_DOB), pl.col("SEX").alias(HEADER_SEX))
        )

    return data.cached("903.header_facts", build)


def episodes(data: ReturnData) -> pl.DataFrame:
    """Episodes sorted by child and start, with each one's neighbours and the child's DOB.

    Adds `prev_<field>` / `next_<field>` for the previous/next episode of the same child,
    `is_first` / `is_last`, `period` (a period of care: a new one starts with RNE S or after
    an episode ending with REC other than X1; unique across children), `__header_dob` and
    the child's age at the episode's start and end.
    """

    def build() -> pl.DataFrame:
        frame = data[spec.EPISODES].sort([CHILD, DECOM, ROW], nulls_last=True)
        # Sorted by child, so a plain shift plus a same-child test is the neighbour; this is
        # much faster than a window (`over`) per field.
        child = pl.col(CHILD)
        same_as_previous = (child == child.shift(1)).fill_null(False)
        same_as_next = (child == child.shift(-1)).fill_null(False)
        neighbours: list[pl.Expr] = []
        for field in NEIGHBOUR_FIELDS:
            column = pl.col(date_col(field) if field in ("DECOM", "DEC") else field)
            neighbours.append(
                pl.when(same_as_previous).then(column.shift(1)).alias(f"prev_{field}")
            )
            neighbours.append(pl.when(same_as_next).then(column.shift(-1)).alias(f"next_{field}"))
        frame = frame.with_columns(
            *neighbours,
            (~same_as_previous).alias("is_first"),
            (~same_as_next).alias("is_last"),
        )
        # A period of care starts with RNE S or after an episode that ended care (REC not X1).
        ended_care = pl.col("prev_REC").is_not_null() & (pl.col("prev_REC") != "X1")
        starts_period = pl.col("is_first") | ((pl.col("RNE") == "S") | ended_care).fill_null(False)
        frame = frame.with_columns(starts_period.cast(pl.Int32).cum_sum().alias("period"))
        frame = frame.join(header_facts(data), on=CHILD, how="left", maintain_order="left")
        dob = pl.col(HEADER_DOB)
        return frame.with_columns(
            age_at(dob, pl.col(DECOM)).alias(AGE_AT_START),
            age_at(dob, pl.col(DEC)).alias(AGE_AT_END),
        )

    return data.cached("903.episodes", build)


def changed(field: str) -> pl.Expr:
    """The field differs from the previous episode's (blanks compare equal)."""
    return ~pl.col(field).eq_missing(pl.col(f"prev_{field}"))


def placement_changed() -> pl.Expr:
    return pl.any_horizontal(changed(field) for field in PLACEMENT_FIELDS)


def children_open_at(data: ReturnData, day: dt.date) -> pl.DataFrame:
    """Children with an episode open on `day` (started on or before, not ended before)."""
    frame = episodes(data)
    open_on = (pl.col(DECOM) <= day) & (pl.col(DEC).is_null() | (pl.col(DEC) > day))
    return frame.filter(open_on).select(CHILD).unique()


def oc2_cohort(data: ReturnData) -> pl.DataFrame:
    """Children looked after continuously for at least 12 months at 31 March (DfE definition).

    DfE's validation rules define <LOOKED_AFTER_CONTINUOUSLY> = Y for a child with an episode
    during the year and none that breaks continuity: an episode that starts care (RNE S)
    after 1 April and by 31 March, one that ends care (REC other than X1) from 1 April to 30
    March, or any short-break (V3/V4) episode during the year. It does not require the
    periods to chain, and a period of care ending on 31 March itself does not break it.
    """

    def build() -> pl.DataFrame:
        frame = episodes(data)
        start, end = data.period_start, data.period_end
        during_year = (pl.col(DECOM) <= end) & (pl.col(DEC).is_null() | (pl.col(DEC) >= start))
        enters_care = (pl.col("RNE") == "S") & (pl.col(DECOM) > start) & (pl.col(DECOM) <= end)
        leaves_care = (pl.col("REC").is_null() | (pl.col("REC") != "X1")) & pl.col(DEC).is_between(
            start, end, closed="left"
        )
        short_break = pl.col("LS").is_in(sorted(spec.RESPITE_LS)) & during_year
        breaks = (enters_care | leaves_care | short_break).fill_null(False)
        summary = frame.group_by(CHILD).agg(
            during_year.fill_null(False).any().alias("__in_year"),
            breaks.any().alias("__broken"),
        )
        return summary.filter(pl.col("__in_year") & ~pl.col("__broken")).select(CHILD)

    return data.cached("903.oc2_cohort", build)


def last_episodes(data: ReturnData) -> pl.DataFrame:
    """Each child's latest episode."""
    return data.cached("903.last", lambda: episodes(data).filter(pl.col("is_last")))


def ceased_children(data: ReturnData) -> pl.DataFrame:
    """Children whose latest episode ended care (REC other than X1), with that end date."""
    return (
        last_episodes(data)
        .filter(pl.col("REC").is_not_null() & (pl.col("REC") != "X1") & pl.col(DEC).is_not_null())
        .select(CHILD, pl.col(DEC).alias("__ceased"), pl.col("REC").alias("__final_rec"))
    )


def with_dob(frame: pl.DataFrame, data: ReturnData) -> pl.DataFrame:
    """Add the Header DOB (`__header_dob`) to a frame keyed by CHILD."""
    return frame.join(header_facts(data), on=CHILD, how="left")


def filled(columns: Iterable[str]) -> pl.Expr:
    """Any of the columns has a value."""
    return pl.any_horizontal(pl.col(c).is_not_null() for c in columns)


def all_filled(columns: Iterable[str]) -> pl.Expr:
    return pl.all_horizontal(pl.col(c).is_not_null() for c in columns)
