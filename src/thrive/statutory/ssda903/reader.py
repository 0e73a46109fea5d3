"""Recognise and read SSDA903 files (one CSV per table, or workbook sheets) into typed tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import polars as pl

from thrive.statutory.detect import year_from_dates
from thrive.statutory.issues import FILE12_YEAR, FILE13_DUPLICATE_TABLE, Issue
from thrive.statutory.reading import (
    DEFAULT_SIZE_LIMIT,
    WORKBOOK_KINDS,
    RawSheet,
    ReadError,
    Sniff,
    Table,
    date_col,
    empty_table,
    match_columns,
    read_raw,
    read_workbook_sheet,
    shape_table,
)
from thrive.statutory.rules import (
    DetectedFile,
    Detection,
    ReadResult,
    ReturnData,
    april_to_march,
)
from thrive.statutory.ssda903 import spec, xml_reader

MIN_MATCH = 0.6


def _match(header: Sequence[str]) -> tuple[str, float] | None:
    if spec.CHILD not in header:
        return None
    table, score = match_columns(header, spec.TABLES.values())
    return (table.name, score) if score >= MIN_MATCH else None


def detect(sniff: Sniff) -> Detection | None:
    """Claim CSVs (or workbook sheets) whose header row matches an SSDA903 table, or XML."""
    if sniff.xml_root == xml_reader.ROOT:
        group = str(sniff.source.path.resolve())
        return Detection(spec.RETURN_ID, xml_reader.XML_TABLES, 1.0, group)
    tables: list[str] = []
    scores: list[float] = []
    for header in sniff.headers.values():
        found = _match(header)
        if found is not None:
            tables.append(found[0])
            scores.append(found[1])
    if not tables:
        return None
    # Files in one folder form one submission; the year comes from their contents.
    group = str(sniff.source.path.resolve().parent)
    return Detection(spec.RETURN_ID, tuple(tables), min(1.0, max(scores)), group)


def _sheets(item: DetectedFile, limit: int) -> list[tuple[RawSheet, str]]:
    source = item.source
    if item.sniff.xml_root == xml_reader.ROOT:
        return [(sheet, name) for name, sheet in xml_reader.read_xml(source, limit).items()]
    if source.kind in WORKBOOK_KINDS:
        result = []
        for sheet_name, header in item.sniff.headers.items():
            found = _match(header)
            if found is not None:
                result.append((read_workbook_sheet(source, sheet_name, limit), found[0]))
        return result
    raw = read_raw(source, limit)
    found = _match(raw.header)
    return [(raw, found[0])] if found else []


def with_uasc_status(header: Table, uasc: Table) -> Table:
    """A CSV header with its UASC status filled in: 1 if the child has a UASC row, else 0.

    The XML export states UASC (0/1) in each child's HEADER; in the CSVs a child is UASC by
    having a row in the UASC table. A header that states UASC itself keeps what it states.
    """
    frame = header.frame
    if frame.get_column("UASC").is_not_null().any():
        return header
    children = uasc.frame.get_column(spec.CHILD).drop_nulls().unique()
    status = pl.when(pl.col(spec.CHILD).is_in(children.to_list())).then(pl.lit("1"))
    return replace(header, frame=frame.with_columns(status.otherwise(pl.lit("0")).alias("UASC")))


EVENT_DATES: tuple[tuple[str, str], ...] = (
    (spec.EPISODES, "DEC"),
    (spec.EPISODES, "DECOM"),
    (spec.REVIEWS, "REVIEW"),
    (spec.MISSING, "MIS_START"),
    (spec.SOCIAL_WORKER_EPISODES, "SW_DECOM"),
)


def detect_year(tables: dict[str, Table], today: dt.date | None = None) -> int | None:
    """The collection year most event dates (episode, review, missing) fall in."""
    series = [
        tables[name].frame[date_col(column)] for name, column in EVENT_DATES if name in tables
    ]
    return year_from_dates(series, today)


def read(
    files: Sequence[DetectedFile], year: int | None, limit: int = DEFAULT_SIZE_LIMIT
) -> ReadResult:
    """Read one folder's SSDA903 files into `ReturnData` (empty tables for absent files)."""
    issues: list[Issue] = []
    tables: dict[str, Table] = {}
    names: list[str] = []
    from_xml: set[str] = set()
    for item in files:
        try:
            sheets = _sheets(item, limit)
            if item.sniff.xml_root == xml_reader.ROOT:
                from_xml.update(table_name for _, table_name in sheets)
            for raw, table_name in sheets:
                if table_name in tables:
                    issues.append(
                        FILE13_DUPLICATE_TABLE.issue(
                            file=item.source.display,
                            detail=f"{table_name} is also in {tables[table_name].file}",
                            return_=spec.RETURN_ID,
                            table=table_name,
                        )
                    )
                    continue
                table, found = shape_table(
                    raw, spec.TABLES[table_name], item.source, spec.RETURN_ID
                )
                tables[table_name] = table
                issues.extend(found)
            names.append(item.source.display)
        except ReadError as error:
            issues.append(error.issue)
    if not tables:
        return ReadResult(None, issues, names)
    detected = year if year is not None else detect_year(tables)
    if detected is None:
        issues.append(
            FILE12_YEAR.issue(
                file=names[0] if names else None,
                detail="no episode, review or missing dates to tell the year from",
                return_=spec.RETURN_ID,
            )
        )
        return ReadResult(None, issues, names)
    for name in spec.tables_for(detected):
        if name not in tables:
            tables[name] = empty_table(spec.TABLES[name])
    if spec.DOLO in tables and spec.DOLO not in spec.tables_for(detected):
        del tables[spec.DOLO]
    if spec.HEADER not in from_xml:
        tables[spec.HEADER] = with_uasc_status(tables[spec.HEADER], tables[spec.UASC])
    start, end = april_to_march(detected)
    data = ReturnData(spec.RETURN_ID, detected, start, end, tables)
    return ReadResult(data, issues, names)
