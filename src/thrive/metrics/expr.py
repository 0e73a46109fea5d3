"""Building blocks shared by measure definitions: dates, ages and the standard "units" shape.

Every measure's expression returns one row per *unit* (a child, a referral, a plan, a member of
staff) with the same columns, `UNIT_SCHEMA`: `num` and `den` say how much the unit adds to the
numerator and denominator, the date columns are the key dates shown in the drill-down, and the
remaining columns are the breakdowns. The engine aggregates any measure the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeAlias

import ibis
import ibis.expr.types as ir
from dateutil.relativedelta import relativedelta

from thrive.dates.working_days import working_days_between
from thrive.metrics.tables import CALENDAR_SCHEMA, SPECS

BREAKDOWNS: dict[str, str] = {
    "age_band": "Age band",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "legal_status": "Legal status",
    "placement_type": "Placement type",
    "team": "Team",
}

UNIT_SCHEMA: dict[str, str] = {
    "la": "string",
    "subject": "string",
    "num": "float64",
    "den": "float64",
    "date_a": "date",
    "date_b": "date",
    "worker": "string",
    **dict.fromkeys(BREAKDOWNS, "string"),
}


@dataclass(frozen=True)
class Params:
    """One period: `ref` is the snapshot date (end of period), `start` the first day of the
    in-year window (inclusive), `year` the collection year for per-year tables.

    Measures derive every other period value through the methods below and never by arithmetic
    on `ref` itself: the engine compiles each measure once with stand-ins for these values and
    fills in the real ones per period (`thrive.metrics.templates`).
    """

    ref: date
    start: date
    year: int

    def before(self, *, years: int = 0, months: int = 0, days: int = 0) -> date:
        """`ref` moved back by calendar years and months (month ends clipped) and then days."""
        return self.ref - relativedelta(years=years, months=months) - timedelta(days=days)

    def window_start(self, years: int = 1) -> date:
        """The first day of the `years`-year window ending on `ref` (both ends included)."""
        return self.before(years=years, days=-1)

    def working_days_in_window(self) -> int:
        """Working days from `start` to `ref`, both included."""
        return working_days_between(self.start - timedelta(days=1), self.ref)


class Sources:
    """The prepared tables of one backend, unbound from any data until executed."""

    def __init__(self, tables: Mapping[str, ir.Table] | None = None) -> None:
        if tables is None:
            tables = {name: ibis.table(spec.schema, name=name) for name, spec in SPECS.items()}
            tables = {**tables, "calendar": ibis.table(CALENDAR_SCHEMA, name="calendar")}
        self._tables = dict(tables)
        self._derived: dict[str, ir.Table] = {}

    def __getitem__(self, name: str) -> ir.Table:
        return self._tables[name]

    def __contains__(self, name: str) -> bool:
        return name in self._tables

    def derived(self, name: str, build: Callable[[Sources], ir.Table]) -> ir.Table:
        """A table built from these sources once and reused: the same expression object, so a
        measure that reads it twice compiles it as one common table expression."""
        if name not in self._derived:
            self._derived[name] = build(self)
        return self._derived[name]

    @property
    def cal(self) -> ir.Table:
        return self._tables["calendar"]


def d(value: date) -> ir.DateScalar:
    return ibis.date(value)


Day: TypeAlias = date | ir.DateValue
"""A reference day: a period's date (`Params.ref`) or a date column (an Annex A extract date)."""


def on_day(value: Day) -> ir.DateValue:
    """`value` as an expression: a Python date becomes a literal, a column stays itself."""
    return d(value) if isinstance(value, date) else value


def with_calendar(s: Sources, t: ir.Table, column: str, fields: Mapping[str, str]) -> ir.Table:
    """Add calendar columns looked up at date `column` (e.g. {"start_wd": "wd"})."""
    cal = s.cal.view()
    joined = t.left_join(cal, t[column] == cal.d)
    return joined.select(
        *[t[c] for c in t.columns], **{new: cal[old] for new, old in fields.items()}
    )


def with_working_days(s: Sources, t: ir.Table, start: str, end: str, name: str = "wd") -> ir.Table:
    """Add `name`: working days after `start` up to and including `end` (null if either is)."""
    t = with_calendar(s, t, start, {"_wd_start": "wd"})
    t = with_calendar(s, t, end, {"_wd_end": "wd"})
    return t.mutate(**{name: t._wd_end - t._wd_start}).drop("_wd_start", "_wd_end")


def age_at(dob: ir.DateValue, ref: Day) -> ir.IntegerValue:
    """Whole years of age on `ref` (a birthday on `ref` counts).

    The parts of `ref` are taken in SQL, not in Python, so that `ref` stays one literal the
    engine can fill in per period."""
    on = on_day(ref)
    before_birthday = (dob.month() * 100 + dob.day()) > (on.month() * 100 + on.day())
    return (on.year() - dob.year() - as_int(before_birthday)).cast("int64")


def as_int(condition: ir.BooleanValue) -> ir.IntegerValue:
    """1 where `condition` holds, else 0 (PostgreSQL cannot cast booleans to integers)."""
    return ibis.ifelse(condition.fill_null(False), 1, 0).cast("int64")


def age_band(dob: ir.DateValue, ref: Day) -> ir.StringValue:
    """DfE's age bands: under 1, 1–4, 5–9, 10–15, 16 and over ("Unknown" without a birth date)."""
    age = age_at(dob, ref)
    return (
        ibis.cases(
            (dob.isnull(), "Unknown"),
            (age < 1, "Under 1"),
            (age < 5, "1 to 4"),
            (age < 10, "5 to 9"),
            (age < 16, "10 to 15"),
            else_="16 and over",
        )
    ).cast("string")


def flag(condition: ir.BooleanValue) -> ir.FloatingValue:
    """1.0 where `condition` holds, else 0.0 (null counts as not holding)."""
    return ibis.ifelse(condition.fill_null(False), 1, 0).cast("float64")


def open_at(start: ir.DateValue, end: ir.DateValue, ref: Day) -> ir.BooleanValue:
    """Started on or before `ref` and not ended by it (an end on `ref` counts as ended)."""
    on = on_day(ref)
    return (start <= on) & (end.isnull() | (end > on))


def in_window(day: ir.DateValue, p: Params) -> ir.BooleanValue:
    return (day >= d(p.start)) & (day <= d(p.ref))


def extract_day(t: ir.Table, p: Params) -> ir.DateValue:
    """The day an Annex A extract describes: its extract date, else (an extract stored before
    the date was kept) 31 March of the collection year, `p.ref`."""
    return t.extract.fill_null(d(p.ref))


def year_to(day: ir.DateValue, ref: ir.DateValue) -> ir.BooleanValue:
    """`day` falls in the 12 months ending on `ref` (both ends included), as Annex A's windows."""
    return (day > (ref - ibis.interval(years=1)).cast("date")) & (day <= ref)


def units(
    t: ir.Table,
    *,
    subject: Any,
    num: Any,
    den: Any = 1.0,
    date_a: Any = None,
    date_b: Any = None,
    **breakdowns: Any,
) -> ir.Table:
    """Shape `t` into the standard unit table (missing breakdowns are null)."""
    values: dict[str, Any] = {
        "la": t.la,
        "subject": subject,
        "num": num,
        "den": den,
        "date_a": date_a,
        "date_b": date_b,
        "worker": breakdowns.pop("worker", None),
    }
    unknown = set(breakdowns) - set(BREAKDOWNS)
    if unknown:
        raise ValueError(f"unknown breakdowns {sorted(unknown)}")
    for name in BREAKDOWNS:
        values[name] = breakdowns.get(name)
    columns = {}
    for name, dtype in UNIT_SCHEMA.items():
        value = values[name]
        if value is None:
            columns[name] = ibis.null(dtype)
        elif isinstance(value, int | float) and float(value).is_integer():
            # An integer literal cast to float: PostgreSQL reads a bare 1.0 as NUMERIC.
            columns[name] = ibis.literal(int(value)).cast(dtype)
        elif isinstance(value, int | float | str):
            columns[name] = ibis.literal(value).cast(dtype)
        else:
            columns[name] = value.cast(dtype)
    return t.select(**columns)


def child_profile(s: Sources, t: ir.Table, source: str, p: Params) -> ir.Table:
    """Join a child's gender, ethnicity and age band (from the CIN or 903 header) onto `t`."""
    header = s[source]
    profile = header.select(
        _p_child=header.child,
        gender=header.gender,
        ethnicity=header.ethnicity,
        age_band=age_band(header.dob, p.ref),
    )
    joined = t.left_join(profile, t.child == profile._p_child)
    return joined.select(
        *[t[c] for c in t.columns if c not in ("gender", "ethnicity", "age_band")],
        profile.gender,
        profile.ethnicity,
        profile.age_band,
    )
