"""Working days: weekends and England and Wales bank holidays, one-off days included."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from thrive.dates.working_days import (
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
    working_days_between_arrays,
)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2020, 5, 8), "May Day"),  # early May holiday moved to VE Day 75
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of Charles III"),
        (date(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
        (date(2022, 12, 27), "Christmas Day (observed)"),
    ],
)
def test_one_off_and_substitute_bank_holidays(day: date, name: str) -> None:
    assert bank_holidays(day.year)[day] == name
    assert not is_working_day(day)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2024, 1, 8), date(2024, 1, 9), 1),  # Monday to Tuesday
        (date(2024, 1, 8), date(2024, 1, 8), 0),  # same day
        (date(2024, 1, 12), date(2024, 1, 15), 1),  # Friday to Monday: the weekend is free
        (date(2022, 9, 16), date(2022, 9, 20), 1),  # across the Queen's funeral
        (date(2023, 5, 5), date(2023, 5, 9), 1),  # across the coronation
        (date(2023, 4, 6), date(2023, 4, 11), 1),  # Easter: Good Friday and Easter Monday
        (date(2024, 1, 15), date(2024, 1, 8), -5),  # end before start
        (date(2022, 12, 31), date(2023, 12, 31), 251),  # 2023: 260 weekdays less 9 holidays
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_45_working_day_assessment_deadline_over_christmas() -> None:
    referral = date(2023, 12, 1)
    due = add_working_days(referral, 45)
    assert due == date(2024, 2, 7)
    assert working_days_between(referral, due) == 45


def test_add_working_days_from_a_weekend_or_holiday() -> None:
    assert add_working_days(date(2022, 9, 17), 1) == date(2022, 9, 20)  # Sat + Mon holiday
    assert add_working_days(date(2024, 1, 1), 20) == date(2024, 1, 29)
    assert add_working_days(date(2024, 1, 6), 0) == date(2024, 1, 6)
    with pytest.raises(ValueError, match="zero or more"):
        add_working_days(date(2024, 1, 6), -1)
    with pytest.raises(ValueError, match="outside the supported years"):
        working_days_between(date(1999, 1, 1), date(2024, 1, 1))


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@given(start=days, offset=st.integers(min_value=0, max_value=400))
def test_adding_then_counting_round_trips(start: date, offset: int) -> None:
    due = add_working_days(start, offset)
    assert working_days_between(start, due) == offset
    if offset:
        assert is_working_day(due)


@given(start=days, span=st.integers(min_value=-200, max_value=200))
def test_vectorised_matches_scalar(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    vector = working_days_between_arrays(
        np.array([start], dtype="datetime64[D]"), np.array([end], dtype="datetime64[D]")
    )
    assert int(vector[0]) == working_days_between(start, end)
