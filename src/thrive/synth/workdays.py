"""Working days in England (Monday to Friday less bank holidays) on date ordinals.

The simulation works on `datetime.date.toordinal()` integers for speed; this calendar adds
and counts working days with two lookup arrays instead of calling numpy per event.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

import holidays


class WorkingDays:
    """England working-day calendar between two years inclusive."""

    def __init__(self, first_year: int, last_year: int) -> None:
        bank = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
        self._base = dt.date(first_year, 1, 1).toordinal()
        end = dt.date(last_year, 12, 31).toordinal()
        self._days: list[int] = []
        self._next: list[int] = []  # index into _days of the first working day >= ordinal
        for ordinal in range(self._base, end + 1):
            day = dt.date.fromordinal(ordinal)
            self._next.append(len(self._days))
            if day.weekday() < 5 and day not in bank:
                self._days.append(ordinal)

    def roll_forward(self, ordinal: int) -> int:
        """The same day if it is a working day, else the next working day."""
        return self._days[self._next[ordinal - self._base]]

    def add(self, ordinal: int, working_days: int) -> int:
        """The working day `working_days` after `ordinal` (rolled forward first)."""
        return self._days[self._next[ordinal - self._base] + working_days]

    def count(self, start: int, end: int) -> int:
        """Working days strictly after `start` up to and including `end` (DfE convention)."""
        return bisect_right(self._days, end) - bisect_right(self._days, start)

    def is_working_day(self, ordinal: int) -> bool:
        index = self._next[ordinal - self._base]
        return index < len(self._days) and self._days[index] == ordinal
