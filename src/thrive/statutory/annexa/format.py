"""How the validator recognises and reads an Ofsted Annex A workbook (its ReturnFormat).

Annex A is an inspection-time extract, not an April-March return: Ofsted asks for the lists
when it announces an inspection and the extract date is the day the council pulled the data.
Every age, window and "in the last 12 months" count is at that date, so the reader needs it:

1. the date the user gives (`thrive validate --extract-date`, `thrive ingest --extract-date`,
   the upload form), else
2. the date the workbook carries (a cell labelled "Extract date" or similar on a sheet that is
   not a list, as Thrive's generator writes), else
3. the day the children's ages agree on (see `inferred_extract_date`), noted with the run,
4. failing all of those, 31 March of the year the dates point to, with an AA00 warning.

The return is then filed under the collection year the extract date falls in, and its window
(`period`) is the 12 months to the extract date: the longest window Ofsted asks for (counts
such as "referrals in the last 12 months"); lists Ofsted asks for over 6 months fall inside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Final

import polars as pl

from thrive.statutory.annexa import spec
from thrive.statutory.annexa.reader import (
    AnnexWorkbook,
    list_for_sheet,
    read_annexa,
    workbook_extract_date,
)
from thrive.statutory.annexa.registry import registry
from thrive.statutory.detect import year_from_dates
from thrive.statutory.issues import FILE12_YEAR, FILE13_DUPLICATE_TABLE, Issue, Severity
from thrive.statutory.reading import (
    ROW,
    WORKBOOK_KINDS,
    ReadError,
    Sniff,
    Table,
    date_col,
    int_col,
)
from thrive.statutory.rules import (
    DetectedFile,
    Detection,
    ReadResult,
    ReturnData,
    ReturnFormat,
    collection_year_of,
)

EXTRACT_DATE_RULE: Final = "AA00"


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


def to_return_data(
    workbook: AnnexWorkbook, year: int, file: str, extract_date: dt.date | None = None
) -> ReturnData:
    """The rules' input: filed under `year`, window the 12 months to the extract date (31 March
    of `year` when none is given)."""
    start, end = period(year) if extract_date is None else window(extract_date)
    stamp = pl.lit(end, dtype=pl.Date).alias(spec.EXTRACT_DATE_COLUMN)
    tables = {
        name: replace(table, frame=table.frame.with_columns(stamp))
        for name, table in workbook.tables.items()
    }
    tables[spec.STRUCTURE] = structure_table(workbook, file)
    return ReturnData(
        return_id=spec.RETURN_ID, year=year, period_start=start, period_end=end, tables=tables
    )


def _leap_safe(year: pl.Expr, dob: pl.Expr) -> pl.Expr:
    """The birthday in `year` (29 February counts as 1 March in other years, as `_age_at`)."""
    leap_day = (dob.dt.month() == 2) & (dob.dt.day() == 29)
    month = pl.when(leap_day).then(3).otherwise(dob.dt.month())
    day = pl.when(leap_day).then(1).otherwise(dob.dt.day())
    leap_year = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return (
        pl.when(leap_day & leap_year)
        .then(pl.date(year, 2, 29))
        .otherwise(pl.date(year, month, day))
    )


def inferred_extract_date(workbook: AnnexWorkbook) -> dt.date | None:
    """The extract date the children's stated ages agree on, or None.

    A child aged A with date of birth D was extracted between their A-th birthday and the day
    before their next one. The days most rows agree on form a range; within it the extract is
    no earlier than the latest date recorded in the lists. A year-end extract (31 March) in
    that range is preferred, else the latest recorded date, else the range's last day.
    """
    frames = [
        workbook.tables[item.table].frame.select(
            pl.col(date_col(spec.DOB)).alias("dob"), pl.col(int_col(spec.AGE)).alias("age")
        )
        for item in spec.LISTS[:10]
    ]
    people = pl.concat(frames).drop_nulls().filter(pl.col("age").is_between(0, 30))
    if people.height == 0:
        return None
    year = pl.col("dob").dt.year() + pl.col("age")
    bounds = people.select(
        _leap_safe(year, pl.col("dob")).alias("from"),
        (_leap_safe(year + 1, pl.col("dob")) - pl.duration(days=1)).alias("to"),
    )
    events = pl.concat(
        [
            bounds.select(pl.col("from").alias("day"), pl.lit(1).alias("step")),
            bounds.select(
                (pl.col("to") + pl.duration(days=1)).alias("day"), pl.lit(-1).alias("step")
            ),
        ]
    )
    sweep = (
        events.group_by("day")
        .agg(pl.col("step").sum())
        .sort("day")
        .with_columns(pl.col("step").cum_sum().alias("agree"))
    )
    best = sweep.get_column("agree").max()
    if not isinstance(best, int) or best * 2 < people.height:
        return None  # fewer than half the ages agree on any day: no sound inference
    rows = sweep.with_columns(pl.col("day").shift(-1).alias("next"))
    first = rows.filter(pl.col("agree") == best).row(0, named=True)
    low: dt.date = first["day"]
    high: dt.date = first["next"] - dt.timedelta(days=1)
    latest = _latest_recorded(workbook)
    earliest = max(low, latest) if latest is not None and latest <= high else low
    year_end = dt.date(earliest.year if earliest.month <= 3 else earliest.year + 1, 3, 31)
    if year_end <= high:
        return year_end
    return earliest if latest is not None and latest <= high else high


def _latest_recorded(workbook: AnnexWorkbook) -> dt.date | None:
    """The latest date recorded in any list (dates of birth aside), up to today."""
    latest: dt.date | None = None
    today = dt.date.today()
    for annex_list in spec.LISTS:
        frame = workbook.tables[annex_list.table].frame
        for name in annex_list.dates:
            if name == spec.DOB:
                continue
            column = frame.get_column(date_col(name)).drop_nulls()
            column = column.filter(column <= today)
            if column.len():
                value = column.max()
                if isinstance(value, dt.date) and (latest is None or value > latest):
                    latest = value
    return latest


def _extract_issue(file: str, detail: str) -> Issue:
    return Issue(
        rule=EXTRACT_DATE_RULE,
        severity=Severity.WARNING,
        return_=spec.RETURN_ID,
        file=file,
        table=None,
        row=None,
        child=None,
        fields=(),
        message=(
            f"{file}: the workbook does not say when it was extracted and no extract date was "
            f"given; {detail}. Ages, the 12-month window and counts are checked at that date: "
            "if the data was pulled on another day, give it (--extract-date YYYY-MM-DD, or "
            "the extract date on the upload form)."
        ),
    )


def read_extract(
    files: Sequence[DetectedFile],
    year: int | None,
    size_limit: int,
    extract_date: dt.date | None,
) -> ReadResult:
    """Read one Annex A workbook (one workbook is one whole submission) at its extract date."""
    first, *others = files
    source = first.source
    result = ReadResult(data=None, files=[source.display])
    for extra in others:
        result.issues.append(
            FILE13_DUPLICATE_TABLE.issue(file=extra.source.display, return_=spec.RETURN_ID)
        )
    try:
        workbook = read_annexa(source, size_limit)
        carried = workbook_extract_date(source, size_limit)
    except ReadError as error:
        result.issues.append(error.issue)
        return result
    result.issues.extend(workbook.issues)
    chosen = extract_date or carried
    note = ""
    if chosen is None:
        inferred = inferred_extract_date(workbook)
        if inferred is not None and (year is None or collection_year_of(inferred) == year):
            chosen = inferred
            note = (
                f"extract date {inferred:%d/%m/%Y} taken from the children's ages (the workbook "
                "does not state it); give --extract-date if the data was pulled on another day"
            )
        else:
            fallback = year if year is not None else detected_year(workbook)
            chosen = None if fallback is None else dt.date(fallback, 3, 31)
            if chosen is not None:
                detail = f"Thrive assumed 31 March {fallback}"
                result.issues.append(_extract_issue(source.display, detail))
    extract_year = None if chosen is None else collection_year_of(chosen)
    if year is not None and extract_year is not None and extract_year != year:
        detail = (
            f"the extract date {chosen:%d/%m/%Y} falls in the collection year ending "
            f"31 March {extract_year}, not {year}; give one or the other, or both agreeing"
        )
        result.issues.append(
            FILE12_YEAR.issue(file=source.display, detail=detail, return_=spec.RETURN_ID)
        )
        return result
    if extract_year not in spec.SUPPORTED_YEARS or chosen is None:
        supported = ", ".join(f"{y - 1}/{str(y)[-2:]}" for y in spec.SUPPORTED_YEARS)
        found = "no date" if chosen is None else f"{chosen:%d/%m/%Y}"
        detail = f"the extract date is {found}; extracts from the years {supported} are supported"
        result.issues.append(
            FILE12_YEAR.issue(file=source.display, detail=detail, return_=spec.RETURN_ID)
        )
        return result
    result.data = to_return_data(workbook, extract_year, source.display, chosen)
    if note:
        result.data.notes.append(note)
    return result


def read(files: Sequence[DetectedFile], year: int | None, size_limit: int) -> ReadResult:
    """Read one Annex A workbook without a given extract date (see `read_extract`)."""
    return read_extract(files, year, size_limit, None)


def window(extract_date: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months to the extract date: the day after the same date a year before, to it."""
    try:
        year_before = extract_date.replace(year=extract_date.year - 1)
    except ValueError:  # 29 February: a year before is 28 February
        year_before = extract_date.replace(year=extract_date.year - 1, day=28)
    return year_before + dt.timedelta(days=1), extract_date


def period(year: int) -> tuple[dt.date, dt.date]:
    """The window of a year-end extract: the 12 months to 31 March of `year`."""
    return window(dt.date(year, 3, 31))


ANNEXA_FORMAT: Final = ReturnFormat(
    return_id=spec.RETURN_ID,
    title="Ofsted Annex A (ILACS) lists",
    registry=registry,
    detect=detect,
    read=read,
    period=period,
    read_extract=read_extract,
)
