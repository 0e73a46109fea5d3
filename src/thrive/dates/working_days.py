"""Working days in England: Monday to Friday, excluding England and Wales bank holidays.

Bank holidays are the table in `thrive.dates.bank_holidays` (2000–2040, built from the
`holidays` package, subdivision ENG), which includes one-off days such as 8 May 2020 (VE Day 75),
19 September 2022 (the Queen's funeral) and 8 May 2023 (the King's coronation).

Convention (as DfE counts timeliness, e.g. "assessment completed within 45 working days of
referral"): the start day is day 0 and is not counted; the end day is counted if it is a
working day. So a referral on Monday and an assessment on Tuesday is 1 working day.
`working_days_between(start, end)` is that count; it is negative when end is before start.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import numpy as np

from thrive.dates.bank_holidays import ENGLAND
from thrive.dates.bank_holidays import FIRST_YEAR as _FIRST_YEAR
from thrive.dates.bank_holidays import LAST_YEAR as _LAST_YEAR


@cache
def england_bank_holidays() -> dict[date, str]:
    """Every England and Wales bank holiday 2000–2040, with its name, in date order."""
    return {date.fromisoformat(day): name for day, name in ENGLAND}


@cache
def _calendar() -> np.busdaycalendar:
    days = np.array(sorted(england_bank_holidays()), dtype="datetime64[D]")
    return np.busdaycalendar(weekmask="1111100", holidays=days)


def _check(day: date) -> None:
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        supported = f"{_FIRST_YEAR}–{_LAST_YEAR}"
        raise ValueError(f"{day.isoformat()} is outside the supported years {supported}")


def bank_holidays(year: int) -> dict[date, str]:
    """England and Wales bank holidays in `year`, with their names."""
    return {day: name for day, name in england_bank_holidays().items() if day.year == year}


def is_working_day(day: date) -> bool:
    _check(day)
    return bool(np.is_busday(np.datetime64(day, "D"), busdaycal=_calendar()))


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (see the module docstring)."""
    _check(start)
    _check(end)
    if end >= start:
        return int(
            np.busday_count(
                np.datetime64(start + timedelta(days=1), "D"),
                np.datetime64(end + timedelta(days=1), "D"),
                busdaycal=_calendar(),
            )
        )
    return -working_days_between(end, start)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (a statutory clock's due date)."""
    _check(start)
    if days < 0:
        raise ValueError("days must be zero or more")
    if days == 0:
        return start
    # On a non-working start, rolling forward already lands on working day 1.
    offset = days if is_working_day(start) else days - 1
    result = np.busday_offset(
        np.datetime64(start, "D"), offset, roll="forward", busdaycal=_calendar()
    )
    return date.fromisoformat(str(result))


def working_days_between_arrays(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Vectorised `working_days_between` for two datetime64[D] arrays of the same shape."""
    starts = starts.astype("datetime64[D]")
    ends = ends.astype("datetime64[D]")
    forward = ends >= starts
    low = np.where(forward, starts, ends) + np.timedelta64(1, "D")
    high = np.where(forward, ends, starts) + np.timedelta64(1, "D")
    counts = np.busday_count(low, high, busdaycal=_calendar())
    return np.where(forward, counts, -counts)
