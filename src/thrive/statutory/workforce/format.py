"""How the validator recognises and reads workforce census CSV/XLSX files (its ReturnFormat)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import polars as pl

from thrive.statutory.detect import MIN_SCORE
from thrive.statutory.issues import FILE12_YEAR, FILE13_DUPLICATE_TABLE
from thrive.statutory.reading import (
    ReadError,
    Sniff,
    Table,
    date_col,
    empty_table,
    match_columns,
    read_raw,
    shape_table,
)
from thrive.statutory.rules import DetectedFile, Detection, ReadResult, ReturnData, ReturnFormat
from thrive.statutory.workforce import spec
from thrive.statutory.workforce.registry import registry


def detect(sniff: Sniff) -> Detection | None:
    """Claim a CSV (or first sheet) whose header row is the staff or the vacancies layout."""
    if not sniff.headers:
        return None
    header = next(iter(sniff.headers.values()))
    table, score = match_columns(header, spec.SPECS)
    if score < MIN_SCORE:
        return None
    folder = sniff.source.path.parent
    return Detection(spec.RETURN_ID, (table.name,), score, group=f"workforce:{folder}")


def census_year(tables: dict[str, Table]) -> int | None:
    """The year of the most common census date in the files."""
    dates = pl.concat(
        [table.frame.get_column(date_col("CensusDate")) for table in tables.values()]
    ).drop_nulls()
    if dates.len() == 0:
        return None
    years = dates.dt.year().value_counts(sort=True)
    return int(years.row(0)[0])


def read(files: Sequence[DetectedFile], year: int | None, size_limit: int) -> ReadResult:
    """Read the staff and vacancies files of one census into typed tables."""
    result = ReadResult(data=None)
    tables: dict[str, Table] = {}
    for item in files:
        name = item.detection.tables[0]
        source = item.source
        if name in tables:
            result.issues.append(
                FILE13_DUPLICATE_TABLE.issue(
                    file=source.display, return_=spec.RETURN_ID, table=name
                )
            )
            continue
        table_spec = spec.STAFF_SPEC if name == spec.STAFF else spec.VACANCY_SPEC
        try:
            raw = read_raw(source, size_limit)
            table, issues = shape_table(raw, table_spec, source, spec.RETURN_ID)
        except ReadError as error:
            result.issues.append(error.issue)
            continue
        result.issues.extend(issues)
        result.files.append(source.display)
        tables[name] = table
    if not tables:
        return result
    chosen = year if year is not None else census_year(tables)
    if chosen not in spec.SUPPORTED_YEARS:
        supported = ", ".join(str(y) for y in spec.SUPPORTED_YEARS)
        detail = f"census year {chosen or 'not found'}; supported years are {supported}"
        first = result.files[0] if result.files else None
        result.issues.append(FILE12_YEAR.issue(file=first, detail=detail, return_=spec.RETURN_ID))
        return result
    for table_spec in spec.SPECS:
        tables.setdefault(table_spec.name, empty_table(table_spec))
    start, end = period(chosen)
    result.data = ReturnData(spec.RETURN_ID, chosen, start, end, tables)
    return result


def period(year: int) -> tuple[dt.date, dt.date]:
    """The 12 months to the census date, 30 September of `year`."""
    return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)


WORKFORCE_FORMAT: Final = ReturnFormat(
    return_id=spec.RETURN_ID,
    title="Children's social work workforce (Thrive format)",
    registry=registry,
    detect=detect,
    read=read,
    period=period,
)
