"""In-memory tables of one return for one year: header, rows and per-row facts.

Writers build these, the error injector mutates their cells, and the file writers save them.
Row facts (`RowFacts.tags`) tell the injector which rows an error can go on safely.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(slots=True)
class RowFacts:
    child: str | None
    tags: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Table:
    """One table (a CSV file, an Annex A sheet or a flattened CIN level)."""

    name: str
    columns: tuple[str, ...]
    rows: list[list[Any]] = field(default_factory=list)
    facts: list[RowFacts] = field(default_factory=list)

    def add(self, values: list[Any], child: str | None, **tags: Any) -> None:
        self.rows.append(values)
        self.facts.append(RowFacts(child, tags))

    def index(self, column: str) -> int:
        return self.columns.index(column)


@lru_cache(maxsize=65_536)
def uk_date(ordinal: int) -> str:
    """dd/mm/yyyy, the SSDA903 and workforce CSV date format."""
    day = dt.date.fromordinal(ordinal)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


@lru_cache(maxsize=65_536)
def iso_date(ordinal: int) -> str:
    """yyyy-mm-dd, the CIN census XML date format."""
    return dt.date.fromordinal(ordinal).isoformat()


def uk_or_blank(ordinal: int | None) -> str:
    return "" if ordinal is None else uk_date(ordinal)


def collection_window(year: int) -> tuple[int, int]:
    """Ordinals of 1 April (year - 1) and 31 March (year)."""
    return dt.date(year - 1, 4, 1).toordinal(), dt.date(year, 3, 31).toordinal()
