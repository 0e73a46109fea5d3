"""How the validator recognises and reads a CIN census XML file (the return's ReturnFormat)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

from thrive.statutory.cin import spec
from thrive.statutory.cin.reader import CinReadError, CinReturn, read_cin_bytes
from thrive.statutory.cin.registry import registry
from thrive.statutory.issues import FILE12_YEAR, FILE13_DUPLICATE_TABLE, FILE_PROBLEM_BY_CODE
from thrive.statutory.reading import ReadError, Sniff, Table, read_bytes
from thrive.statutory.rules import (
    DetectedFile,
    Detection,
    ReadResult,
    ReturnData,
    ReturnFormat,
    april_to_march,
)

_COLLECTION: Final = re.compile(r"<(?:[\w.-]+:)?Collection>\s*CIN\s*<", re.IGNORECASE)
_YEAR: Final = re.compile(r"<(?:[\w.-]+:)?Year>\s*(\d{4})\s*<")
_CHILDREN: Final = re.compile(r"<(?:[\w.-]+:)?(Children|Child|LAchildID|CINdetails)[\s>]")


def detect(sniff: Sniff) -> Detection | None:
    """Claim XML whose root is <Message> and which is a CIN collection (or holds CIN children)."""
    if sniff.xml_root != "Message":
        return None
    head = sniff.text_head
    if _COLLECTION.search(head):
        score = 1.0
    elif _CHILDREN.search(head):
        score = 0.7
    else:
        return None
    year_match = _YEAR.search(head)
    year = int(year_match.group(1)) if year_match else None
    return Detection(
        return_id=spec.RETURN_ID,
        tables=spec.TABLES,
        score=score,
        group=f"cin:{sniff.source.display}",
        year=year,
    )


def read(files: Sequence[DetectedFile], year: int | None, size_limit: int) -> ReadResult:
    """Read one CIN census file (one file is one whole submission)."""
    first, *others = files
    source = first.source
    result = ReadResult(data=None, files=[source.display])
    for extra in others:
        result.issues.append(
            FILE13_DUPLICATE_TABLE.issue(file=extra.source.display, return_=spec.RETURN_ID)
        )
    try:
        content = read_bytes(source, size_limit)
        census = read_cin_bytes(content)
    except ReadError as error:
        result.issues.append(error.issue)
        return result
    except CinReadError as error:
        problem = FILE_PROBLEM_BY_CODE[error.code]
        result.issues.append(
            problem.issue(file=source.display, detail=error.detail, return_=spec.RETURN_ID)
        )
        return result
    chosen = year if year is not None else census.year
    if chosen not in registry.accepted_years:
        supported = ", ".join(str(y) for y in registry.accepted_years)
        detail = f"the file says {census.year or 'nothing'}; supported years are {supported}"
        result.issues.append(
            FILE12_YEAR.issue(file=source.display, detail=detail, return_=spec.RETURN_ID)
        )
        return result
    result.data = to_return_data(census, chosen, source.display)
    return result


def to_return_data(census: CinReturn, year: int, file: str | None) -> ReturnData:
    """Wrap a read census as the rules' input for one collection year."""
    start, end = period(year)
    tables = {
        name: Table(
            name=name,
            file=file,
            frame=frame,
            child_column=None if name == spec.HEADER else spec.CHILD,
        )
        for name, frame in census.tables.items()
    }
    return ReturnData(
        return_id=spec.RETURN_ID,
        year=year,
        period_start=start,
        period_end=end,
        tables=tables,
    )


def period(year: int) -> tuple[dt.date, dt.date]:
    """The census year: 1 April to 31 March (the reference date), labelled by its end year."""
    return april_to_march(year)


CIN_FORMAT: Final = ReturnFormat(
    return_id=spec.RETURN_ID,
    title="Children in need census (DfE)",
    registry=registry,
    detect=detect,
    read=read,
    period=period,
)
