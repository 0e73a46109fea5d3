"""How the validator recognises and reads an Ofsted Annex A workbook (its ReturnFormat)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import polars as pl

from thrive.statutory.annexa import spec
from thrive.statutory.annexa.reader import AnnexWorkbook, list_for_sheet, read_annexa
from thrive.statutory.annexa.registry import registry
from thrive.statutory.detect import year_from_dates
from thrive.statutory.issues import FILE12_YEAR, FILE13_DUPLICATE_TABLE
from thrive.statutory.reading import ROW, WORKBOOK_KINDS, ReadError, Sniff, Table, date_col
from thrive.statutory.rules import (
    DetectedFile,
    Detection,
    ReadResult,
    ReturnData,
    ReturnFormat,
    april_to_march,
)


def detect(sniff: Sniff) -> Detection | None:
    """Claim workbooks whose sheets are Annex A lists (by title) with list headings."""
    if sniff.source.kind not in WORKBOOK_KINDS:
        return None
    matched = 0
    for title, headings in sniff.headers.items():
        if list_for_sheet(title) is None:
            continue
        cleaned = " | ".join(h.lower() for h in headings)
        if "child" in cleaned or "adopter" in cleaned:
            matched += 1
    if matched == 0:
        return None
    score = 0.6 + 0.4 * min(matched, 4) / 4
    return Detection(
        return_id=spec.RETURN_ID,
        tables=spec.TABLES,
        score=score,
        group=f"annexa:{sniff.source.display}",
    )


def detected_year(workbook: AnnexWorkbook) -> int | None:
    """The April-March year most window events (contacts, referrals, ...) fall in."""
    series = [
        workbook.tables[table].frame.get_column(date_col(column))
        for table, column in spec.WINDOW_COLUMNS.items()
    ]
    year = year_from_dates(series)
    if year is None:
        every = [
            table.frame.get_column(date_col(name))
            for annex_list in spec.LISTS
            for table in [workbook.tables[annex_list.table]]
            for name in annex_list.dates
        ]
        year = year_from_dates(every)
    return year


def structure_table(workbook: AnnexWorkbook, file: str) -> Table:
    rows = [(table, column) for table, columns in workbook.missing.items() for column in columns]
    frame = pl.DataFrame(
        {
            ROW: [None] * len(rows),
            "table": [r[0] for r in rows],
            "column": [r[1] for r in rows],
        },
        schema={ROW: pl.Int64, "table": pl.String, "column": pl.String},
    )
    return Table(spec.STRUCTURE, file, frame, None)


def to_return_data(workbook: AnnexWorkbook, year: int, file: str) -> ReturnData:
    start, end = period(year)
    tables = dict(workbook.tables)
    tables[spec.STRUCTURE] = structure_table(workbook, file)
    return ReturnData(
        return_id=spec.RETURN_ID, year=year, period_start=start, period_end=end, tables=tables
    )


def read(files: Sequence[DetectedFile], year: int | None, size_limit: int) -> ReadResult:
    """Read one Annex A workbook (one workbook is one whole submission)."""
    first, *others = files
    source = first.source
    result = ReadResult(data=None, files=[source.display])
    for extra in others:
        result.issues.append(
            FILE13_DUPLICATE_TABLE.issue(file=extra.source.display, return_=spec.RETURN_ID)
        )
    try:
        workbook = read_annexa(source, size_limit)
    except ReadError as error:
        result.issues.append(error.issue)
        return result
    result.issues.extend(workbook.issues)
    chosen = year if year is not None else detected_year(workbook)
    if chosen not in spec.SUPPORTED_YEARS:
        supported = ", ".join(str(y) for y in spec.SUPPORTED_YEARS)
        detail = f"the dates point to {chosen or 'no year'}; supported years are {supported}"
        result.issues.append(
            FILE12_YEAR.issue(file=source.display, detail=detail, return_=spec.RETURN_ID)
        )
        return result
    result.data = to_return_data(workbook, chosen, source.display)
    return result


def period(year: int) -> tuple[dt.date, dt.date]:
    """The reporting window: the 12 months to the extract date, 31 March of `year`."""
    return april_to_march(year)


ANNEXA_FORMAT: Final = ReturnFormat(
    return_id=spec.RETURN_ID,
    title="Ofsted Annex A (ILACS) lists",
    registry=registry,
    detect=detect,
    read=read,
    period=period,
)
