"""Periods: year ends (31 March; 30 September for the workforce census) and month ends.

A month's value uses the 12 months ending on the month's last day for in-year measures and
the month's last day as the snapshot date. The collection year of a date is the year of the
31 March that ends its reporting year (2026 = April 2025 to March 2026).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from thrive.metrics.expr import Params
from thrive.metrics.registry import Measure


def collection_year(day: date, *, year_end_month: int = 3) -> int:
    return day.year + 1 if day.month > year_end_month else day.year


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def window(ref: date, years: int = 1) -> date:
    """First day of the `years`-year window ending on `ref` (both ends included)."""
    return ref - relativedelta(years=years) + timedelta(days=1)


def year_params(measure: Measure, year: int) -> Params:
    """The year-end period of collection year `year` for `measure`."""
    ref = month_end(year, measure.year_end_month)
    return Params(ref=ref, start=window(ref), year=year)


def month_params(measure: Measure, year: int, month: int) -> Params:
    ref = month_end(year, month)
    return Params(
        ref=ref, start=window(ref), year=collection_year(ref, year_end_month=measure.year_end_month)
    )


def period_label(ref: date) -> str:
    return f"{ref.year:04d}-{ref.month:02d}"


def months_back(last: date, count: int) -> list[date]:
    """Month ends: `count` of them, oldest first, ending with `last`'s month."""
    ends = []
    cursor = date(last.year, last.month, 1)
    for _ in range(count):
        ends.append(month_end(cursor.year, cursor.month))
        cursor = cursor - relativedelta(months=1)
    return list(reversed(ends))
