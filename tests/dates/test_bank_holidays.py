"""The shipped bank-holiday table agrees with the `holidays` package and GOV.UK's list."""

from __future__ import annotations

from datetime import date

import holidays

from thrive.dates.bank_holidays import ENGLAND, FIRST_YEAR, LAST_YEAR
from thrive.dates.working_days import bank_holidays, england_bank_holidays


def test_table_is_the_packages_england_calendar() -> None:
    # A new one-off day in the package fails here: re-run tools/build_bank_holidays.py.
    package = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    assert england_bank_holidays() == dict(sorted(package.items()))


def test_table_is_in_date_order_without_repeats() -> None:
    days = [day for day, _ in ENGLAND]
    assert days == sorted(set(days))


def test_2026_matches_the_published_list() -> None:
    # GOV.UK, "UK bank holidays", England and Wales, 2026 (the table also keeps Boxing Day
    # itself on Saturday 26 December; GOV.UK lists only its substitute day, Monday 28).
    weekdays = [day for day in bank_holidays(2026) if day.weekday() < 5]
    assert weekdays == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    ]
