"""Which return a file belongs to, and which collection year a set of files covers.

Decisions come from file contents (header rows, XML root, dates), never from file names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

import polars as pl

from thrive.statutory.issues import FILE09_WRONG_RETURN, FILE10_UNRECOGNISED, Issue
from thrive.statutory.reading import WORKBOOK_KINDS, Sniff
from thrive.statutory.rules import Detection, ReturnFormat, collection_year_of

MIN_SCORE = 0.5
"""A return must match at least this well (0..1) to claim a file."""


def detect_return(
    sniff: Sniff, formats: Mapping[str, ReturnFormat], wanted: str | None = None
) -> Detection | Issue:
    """The best-matching return for a file, or an issue (FILE10 unrecognised, FILE09 wrong)."""
    detections = []
    for fmt in formats.values():
        detection = fmt.detect(sniff)
        if detection is not None and detection.score >= MIN_SCORE:
            detections.append(detection)
    detections.sort(key=lambda d: d.score, reverse=True)
    display = sniff.source.display
    if wanted is not None:
        for detection in detections:
            if detection.return_id == wanted:
                return detection
        if detections:
            detail = f"it looks like part of the {detections[0].return_id} return, not {wanted}"
            return FILE09_WRONG_RETURN.issue(file=display, detail=detail, return_=wanted)
        return FILE10_UNRECOGNISED.issue(file=display, return_=wanted)
    if detections:
        return detections[0]
    return FILE10_UNRECOGNISED.issue(file=display)


_DATA_CELL = re.compile(r"^(\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{4}-\d{2}-\d{2}|[+-]?\d+(\.\d+)?)$")


def why_not_a_return(sniff: Sniff) -> str:
    """Why no return claimed a file, in words an analyst can act on."""
    if sniff.xml_root is not None:
        return f"an XML file whose root element <{sniff.xml_root}> no return uses"
    if sniff.source.kind in WORKBOOK_KINDS:
        names = ", ".join(sniff.headers) or "none"
        return f"no sheet's first row has a return's column names (sheets: {names})"
    header = [cell for cells in sniff.headers.values() for cell in cells]
    filled = [cell for cell in header if cell]
    if not filled:
        return "its first row is blank; the first row must hold the column names"
    shown = ", ".join(filled[:6]) + (", ..." if len(filled) > 6 else "")
    data_like = sum(1 for cell in filled if _DATA_CELL.match(cell))
    if data_like:
        return (
            f"its first row ({shown}) looks like data, not column names: the header row is missing"
        )
    return f"its columns ({shown}) match no return's table"


def year_from_dates(dates: Iterable[pl.Series], today: dt.date | None = None) -> int | None:
    """The April-March collection year most event dates fall in (end-year label).

    Dates after today are ignored (they are errors, not evidence). Uses the most common year
    so a few wrong dates do not move it; ties go to the later year.
    """
    limit = today or dt.date.today()
    years: list[pl.Series] = []
    for series in dates:
        clean = series.drop_nulls()
        clean = clean.filter(clean <= limit)
        if clean.len():
            month = clean.dt.month()
            year = clean.dt.year()
            years.append(pl.select(pl.when(month >= 4).then(year + 1).otherwise(year)).to_series())
    if not years:
        return None
    counts = pl.concat(years).value_counts(sort=False)
    counts = counts.sort([counts.columns[1], counts.columns[0]], descending=[True, True])
    best = counts.row(0)[0]
    return int(best)


__all__ = [
    "MIN_SCORE",
    "collection_year_of",
    "detect_return",
    "why_not_a_return",
    "year_from_dates",
]
