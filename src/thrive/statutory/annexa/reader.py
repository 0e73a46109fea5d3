"""Read an Ofsted Annex A workbook: match sheets to lists and headings to columns.

Sheets are matched to lists by title ("List 6 - Children in Need", "L6 CIN", ...); headings are
matched case-insensitively, ignoring punctuation, with wording variants per column. Every row
keeps its spreadsheet row number (header = 1) and every column its letter. Raw text is kept;
typed dates, whole numbers and normalised codes are added alongside.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

import polars as pl

from thrive.statutory.annexa import spec
from thrive.statutory.annexa.values import date_expr, int_expr, normalised_column
from thrive.statutory.issues import FILE13_DUPLICATE_TABLE, Issue
from thrive.statutory.reading import (
    DEFAULT_SIZE_LIMIT,
    ROW,
    SourceFile,
    Table,
    date_col,
    int_col,
    read_workbook_sheet,
    workbook_sheet_names,
)

_LIST_NUMBER: Final = re.compile(r"\b(?:list|l)\s*[-_.:]?\s*(\d{1,2})\b", re.IGNORECASE)


def clean_heading(text: str) -> str:
    """A heading compared without case, punctuation or repeated spaces."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def list_for_sheet(title: str) -> spec.AnnexList | None:
    """The list a sheet holds, from its title (number first, then words)."""
    match = _LIST_NUMBER.search(title)
    if match is not None:
        number = int(match.group(1))
        for item in spec.LISTS:
            if item.number == number:
                return item
        return None
    lowered = title.lower()
    for item in reversed(spec.LISTS):  # "adopters" before "adoption", "in care" before "care"
        if any(word in lowered for word in item.title_words):
            return item
    return None


def match_headings(headings: list[str], annex_list: spec.AnnexList) -> dict[str, str]:
    """Map canonical column names to the sheet's headings (exact words first, then variants)."""
    cleaned = {heading: clean_heading(heading) for heading in headings if heading}
    found: dict[str, str] = {}
    used: set[str] = set()
    for column in annex_list.columns:
        target = clean_heading(column.name)
        for heading, text in cleaned.items():
            if heading not in used and text == target:
                found[column.name] = heading
                used.add(heading)
                break
    for column in annex_list.columns:
        if column.name in found:
            continue
        for heading, text in cleaned.items():
            if heading not in used and any(p.search(text) for p in column.patterns):
                found[column.name] = heading
                used.add(heading)
                break
    return found


@dataclass(slots=True)
class AnnexWorkbook:
    """The lists read from one workbook, with the columns each sheet lacked."""

    tables: dict[str, Table]
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def empty_list(annex_list: spec.AnnexList, file: str | None) -> Table:
    frame = pl.DataFrame(
        {ROW: pl.Series([], dtype=pl.Int64)}
        | {c.name: pl.Series([], dtype=pl.String) for c in annex_list.columns}
    )
    return Table(annex_list.table, file, typed(frame, annex_list), annex_list.child_column)


def typed(frame: pl.DataFrame, annex_list: spec.AnnexList) -> pl.DataFrame:
    """Add parsed dates, whole numbers and normalised codes next to the raw text."""
    expressions: list[pl.Expr] = []
    for column in annex_list.columns:
        if column.kind == "date":
            expressions.append(date_expr(column.name, date_col(column.name)))
        elif column.kind == "int":
            expressions.append(int_expr(column.name, int_col(column.name)))
    frame = frame.with_columns(expressions)
    codes = [
        normalised_column(frame, c.name, c.codes, spec.code_col(c.name))
        for c in annex_list.columns
        if c.kind == "code" and c.codes is not None
    ]
    return frame.with_columns(codes) if codes else frame


def read_annexa(source: SourceFile, size_limit: int = DEFAULT_SIZE_LIMIT) -> AnnexWorkbook:
    """Read every list sheet of an Annex A workbook.

    Raises:
        ReadError: the workbook cannot be opened safely (size, zip bomb, not a workbook).
    """
    workbook = AnnexWorkbook(tables={})
    for title in workbook_sheet_names(source, size_limit):
        annex_list = list_for_sheet(title)
        if annex_list is None:
            continue
        if annex_list.table in workbook.tables:
            detail = f"sheet {title!r} repeats list {annex_list.number}"
            workbook.issues.append(
                FILE13_DUPLICATE_TABLE.issue(
                    file=source.display, detail=detail, return_=spec.RETURN_ID
                )
            )
            continue
        raw = read_workbook_sheet(source, title, size_limit)
        mapping = match_headings(raw.header, annex_list)
        missing = tuple(c.name for c in annex_list.columns if c.name not in mapping)
        frame = raw.frame.select(
            ROW,
            *[pl.col(heading).alias(name) for name, heading in mapping.items()],
            *[pl.lit(None, dtype=pl.String).alias(name) for name in missing],
        ).select(ROW, *[c.name for c in annex_list.columns])
        letters = {name: raw.letters[heading] for name, heading in mapping.items()}
        workbook.tables[annex_list.table] = Table(
            annex_list.table,
            source.display,
            typed(frame, annex_list),
            annex_list.child_column,
            letters,
            title,
        )
        if missing:
            workbook.missing[annex_list.table] = missing
    for annex_list in spec.LISTS:
        if annex_list.table not in workbook.tables:
            workbook.tables[annex_list.table] = empty_list(annex_list, source.display)
    return workbook


_EXTRACT_LABEL: Final = re.compile(
    r"\bextract(ion|ed)?\b.*\bdate\b|\bdate\b.*\bextract(ion|ed)?\b"
    r"|\bdata\s+(extracted|pulled|run)\b|\bas\s+at\s+date\b|^as\s+at\b",
    re.IGNORECASE,
)
_CELL_ISO: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00:00(?:\.0+)?)?$")
_CELL_UK: Final = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_CELL_SERIAL: Final = re.compile(r"^(\d{5})(?:\.0+)?$")
_SCAN_ROWS: Final = 30
_SCAN_COLUMNS: Final = 10


def cell_date(text: str | None) -> dt.date | None:
    """A date from one cell: an Excel date, dd/mm/yyyy text or a serial day number."""
    if text is None:
        return None
    value = text.strip()
    try:
        if match := _CELL_ISO.match(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _CELL_UK.match(value):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _CELL_SERIAL.match(value):
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(match[1]))
    except ValueError:
        return None
    return None


def _top_left(source: SourceFile, title: str) -> list[list[object]]:
    """The first rows of a sheet as cells; none if the sheet cannot be read."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(source.path))
        grid = reader.load_sheet(
            title, header_row=None, dtypes="string", n_rows=_SCAN_ROWS
        ).to_polars()
    except Exception:  # an unreadable notes sheet is not the lists' problem
        return []
    return [list(row) for row in grid.head(_SCAN_ROWS).iter_rows()]


def workbook_extract_date(
    source: SourceFile, size_limit: int = DEFAULT_SIZE_LIMIT
) -> dt.date | None:
    """The extract date a workbook states on a sheet that is not a list, or None.

    Looks in the top-left of every other sheet (a cover or notes sheet) for a cell labelled
    like "Extract date", "Date of extract" or "Data extracted on", and reads the date to its
    right or below it.

    Raises:
        ReadError: the workbook cannot be opened safely.
    """
    for title in workbook_sheet_names(source, size_limit):
        if list_for_sheet(title) is not None:
            continue
        rows = _top_left(source, title)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row[:_SCAN_COLUMNS]):
                if cell is None or not _EXTRACT_LABEL.search(str(cell)):
                    continue
                right = row[c + 1] if c + 1 < len(row) else None
                below = rows[r + 1][c] if r + 1 < len(rows) else None
                for candidate in (right, below):
                    found = cell_date(None if candidate is None else str(candidate))
                    if found is not None:
                        return found
    return None
