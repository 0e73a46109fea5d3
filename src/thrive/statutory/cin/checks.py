"""Vectorised building blocks the CIN rules share: typed columns, episode joins, overlaps.

Every helper returns Polars expressions or frames; no rule loops over rows in Python.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import polars as pl

from thrive.statutory.cin import spec
from thrive.statutory.reading import date_col, int_col
from thrive.statutory.rules import ReturnData

LOCATION = (spec.ROW, spec.CHILD)

CHILD_KEY = "__child_key"
"""Column naming "the child" in rules that compare a child's records (see `child_key`)."""


def child_key() -> pl.Expr:
    """Who "the child" is when a rule compares records of the same child.

    DfE identifies a child by the LA child ID: two <Child> records repeating one id are one
    child recorded twice (rule 8510 reports the repeat), so their episodes, plans and
    disabilities are compared with each other, as the national reference does. A record
    with no id (rule 8500) is a child of its own, identified by its position.
    """
    position = pl.lit("\x00row:") + pl.col(spec.ROW).cast(pl.String)
    return pl.coalesce(pl.col(spec.CHILD), position).alias(CHILD_KEY)


def by_child(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with the CHILD_KEY column added."""
    return frame.with_columns(child_key())


def day(name: str) -> pl.Expr:
    """The parsed date of element `name` (null when blank or not a valid xs:date)."""
    return pl.col(date_col(name))


def flag(name: str) -> pl.Expr:
    """The parsed yes/no value of element `name` (null when blank or not a yes/no value)."""
    return pl.col(spec.bool_col(name))


def number(name: str) -> pl.Expr:
    """The parsed whole number of element `name`."""
    return pl.col(int_col(name))


def present(name: str) -> pl.Expr:
    """The element was given (any non-blank text)."""
    return pl.col(name).is_not_null()


def not_in(name: str, codes: frozenset[str]) -> pl.Expr:
    """The element is blank or not one of `codes` (codes are case-sensitive, as DfE's)."""
    return pl.col(name).is_null() | ~pl.col(name).is_in(sorted(codes))


def invalid_if_present(name: str, codes: frozenset[str]) -> pl.Expr:
    return pl.col(name).is_not_null() & ~pl.col(name).is_in(sorted(codes))


def outside(expr: pl.Expr, data: ReturnData) -> pl.Expr:
    """A present date outside the census year (1 April to the reference date)."""
    return expr.is_not_null() & ((expr < data.period_start) | (expr > data.period_end))


def with_episode(data: ReturnData, table: str, *columns: str) -> pl.DataFrame:
    """Rows of a module table with columns of their enclosing <CINdetails> (suffix `_cin`)."""
    episodes = data[spec.CIN_DETAILS].select(
        pl.col(spec.CIN_ID), *[pl.col(c).alias(f"{c}_cin") for c in columns]
    )
    return data[table].join(episodes, on=spec.CIN_ID, how="left")


def with_child(data: ReturnData, table: str, *columns: str) -> pl.DataFrame:
    """Rows of a table with columns of their child (suffix `_child`), joined on `child_key`.

    When two records repeat one LA child ID a row is paired with each of them (so it can appear
    twice; issues are reported once per row).
    """
    children = data[spec.CHILDREN].select(
        child_key(), *[pl.col(c).alias(f"{c}_child") for c in columns]
    )
    return by_child(data[table]).join(children, on=CHILD_KEY, how="left")


def children_with(frame: pl.DataFrame) -> pl.Expr:
    """Whether a row's child (by `child_key`) has at least one row in `frame`."""
    keys = by_child(frame).get_column(CHILD_KEY).unique().implode()
    return child_key().is_in(keys)


def child_day(name: str) -> pl.Expr:
    """The child's date `name` after `with_child(data, table, date_col(name))`."""
    return pl.col(f"{date_col(name)}_child")


def episode_day(name: str) -> pl.Expr:
    """The episode's date `name` after `with_episode(data, table, date_col(name))`."""
    return pl.col(f"{date_col(name)}_cin")


def has_module(data: ReturnData, table: str) -> pl.Expr:
    """Whether each CINdetails row has at least one row in module `table`."""
    ids = data[table].get_column(spec.CIN_ID).unique()
    return pl.col(spec.CIN_ID).is_in(ids.implode())


def pairs(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """Every ordered pair of different rows sharing `key`; the other row's columns end `_other`."""
    return frame.join(frame, on=key, how="inner", suffix="_other").filter(
        pl.col(spec.ELEMENT_ID) != pl.col(f"{spec.ELEMENT_ID}_other")
    )


def starts_inside_other(
    frame: pl.DataFrame,
    key: str,
    start: str,
    end: str,
    reference: dt.date,
    *,
    end_inclusive: bool,
    open_end: pl.Expr | None = None,
) -> pl.DataFrame:
    """Rows whose `start` falls on or after another row's start and before/on its end.

    An other row with no end runs to the reference date (when `open_end` is true for it; by
    default whenever its end is missing). `start`/`end` are typed date column names.
    """
    joined = pairs(frame.filter(pl.col(start).is_not_null()), key)
    other_start = pl.col(f"{start}_other")
    other_end = pl.col(f"{end}_other")
    this_start = pl.col(start)
    before_end = this_start <= other_end if end_inclusive else this_start < other_end
    running = other_end.is_null()
    if open_end is not None:
        running = running & open_end
    inside = (this_start >= other_start) & (
        (other_end.is_not_null() & before_end) | (running & (this_start <= reference))
    )
    return joined.filter(inside).unique(subset=[spec.ELEMENT_ID], maintain_order=True)


def la_level(frame: pl.DataFrame, failed: bool) -> pl.DataFrame:
    """One issue for the whole return (no row, no child) when `failed`."""
    row = pl.DataFrame(
        {spec.ROW: [None], spec.CHILD: [None]},
        schema={spec.ROW: pl.Int64, spec.CHILD: pl.String},
    )
    return row if failed else row.clear()


@lru_cache(maxsize=1)
def _bank_holidays() -> frozenset[dt.date]:
    # The shipped table, not the `holidays` package or NumPy: both cost start-up time on every
    # validate run (tests/test_cli.py checks what `thrive validate` imports).
    from thrive.dates.bank_holidays import ENGLAND

    return frozenset(dt.date.fromisoformat(day) for day, _ in ENGLAND)


def _is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays()


def working_days_after(start: pl.Series, end: dt.date) -> pl.Series:
    """England working days from each start date up to `end` (start excluded, end included);
    0 for a start after `end`, null for a missing start."""
    counted = pl.business_day_count(
        pl.lit(start).dt.offset_by("1d"),
        pl.lit(end + dt.timedelta(days=1)),
        holidays=sorted(_bank_holidays()),
    )
    return pl.select(counted.clip(lower_bound=0).cast(pl.Int64)).to_series()


def working_days_before(date: dt.date, count: int) -> dt.date:
    """The England working day `count` working days before `date`.

    A `date` that is not itself a working day is first moved to the next working day, so one
    working day before a Saturday 1 April is Friday 31 March.
    """
    day = date
    while not _is_working_day(day):
        day += dt.timedelta(days=1)
    for _ in range(count):
        day -= dt.timedelta(days=1)
        while not _is_working_day(day):
            day -= dt.timedelta(days=1)
    return day


def is_weekend(expr: pl.Expr) -> pl.Expr:
    return expr.dt.weekday() >= 6
