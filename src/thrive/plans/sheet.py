"""Reading a plan workbook safely: size and zip checks, then the first sheet row by row.

The layout is the export's (`COLUMNS`); `read_rows` finds the header in the first ten rows and
streams the rest with openpyxl in read-only mode, so memory stays small whatever the file claims.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from defusedxml import DefusedXmlException
from openpyxl import load_workbook

from thrive.statutory.archive import ArchiveProblem, measure_zip
from thrive.statutory.reading import FORMULA_STARTS

COLUMNS = [
    "Priority",
    "Ref",
    "Action",
    "Owner",
    "Organisation",
    "Start",
    "Due",
    "Revised due",
    "Reason for revised due",
    "Status",
    "Delivery RAG",
    "Impact RAG",
    "Latest update",
    "Latest update date",
    "Linked measures",
    "Source",
    "Thrive version",
]
VERSION = "Thrive version"
WIDTHS = [28, 8, 60, 22, 22, 12, 12, 12, 30, 14, 12, 12, 60, 14, 24, 30, 10]
MAX_BYTES = 20 * 1024 * 1024
"""Largest plan workbook accepted (a plan of a thousand actions is well under 1 MB)."""
MAX_EXPANDED = 200 * 1024 * 1024
"""Largest total size its parts may expand to (measured while decompressing)."""
MAX_ROWS = 5000
"""Most action rows read from one sheet."""
MAX_COLUMNS = 64
"""Columns read from each row (the layout has 17; cells beyond are ignored)."""


def restore(value: str) -> str:
    """Undo the export's leading apostrophe on text that looks like a formula."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class ImportFileError(ValueError):
    """The file is not a readable plan spreadsheet."""


NOT_XLSX = "The file is not an Excel .xlsx workbook. Save it as .xlsx and try again."
TOO_LARGE = (
    "The file is larger than {limit} MB, far more than a plan needs. "
    "Check it is the plan spreadsheet exported from Thrive."
)
ENTITIES = "its XML declares entities or a document type, which Thrive never reads"
UNSAFE = "The file was refused as unsafe ({detail}). Export the plan from Thrive again."
TOO_MANY_ROWS = "The sheet has more than {limit} rows: is it the plan spreadsheet?"
NO_HEADER = "The first sheet has no header row with Ref and Action columns ({missing} missing)."


def text_cell(value: Any) -> str:
    """A cell as trimmed text (whole numbers without `.0`; a neutralised formula restored)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore(str(value).strip())


def _check_file(data: bytes | BinaryIO) -> BinaryIO:
    """The workbook as a seekable file, after the size and zip checks. Raises ImportFileError."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    stream.seek(0, io.SEEK_END)
    if stream.tell() > MAX_BYTES:
        raise ImportFileError(TOO_LARGE.format(limit=f"{MAX_BYTES / 1024 / 1024:g}"))
    try:
        measure_zip(stream, max_total=MAX_EXPANDED, max_ratio=200)
    except ArchiveProblem as problem:
        if problem.hostile:
            raise ImportFileError(UNSAFE.format(detail=problem.detail)) from problem
        raise ImportFileError(NOT_XLSX) from problem
    stream.seek(0)
    return stream


SheetRows = list[tuple[int, tuple[Any, ...]]]


def read_rows(data: bytes | BinaryIO) -> tuple[str, dict[str, int], SheetRows]:
    """The first sheet's name, its header (lower-cased name -> index) and its non-blank rows."""
    stream = _check_file(data)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except DefusedXmlException as exc:
        raise ImportFileError(UNSAFE.format(detail=ENTITIES)) from exc
    except Exception as exc:  # openpyxl lets zip, XML and its own errors through raw
        raise ImportFileError(NOT_XLSX) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(NO_HEADER.format(missing="Ref, Action"))
        sheet: Any = workbook.worksheets[0]
        header, body = _header_and_body(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
        return str(sheet.title), header, body
    except ImportFileError:
        raise
    except DefusedXmlException as exc:
        raise ImportFileError(UNSAFE.format(detail=ENTITIES)) from exc
    except Exception as exc:  # a broken sheet part: openpyxl's and the XML parser's errors
        raise ImportFileError(NOT_XLSX) from exc
    finally:
        workbook.close()


def _header_and_body(rows: Iterator[tuple[Any, ...]]) -> tuple[dict[str, int], SheetRows]:
    """Find the header in the first ten rows, then stream the rest (at most MAX_ROWS)."""
    rows = iter(rows)
    for index, row in enumerate(rows):
        if index >= 10:
            break
        names = [text_cell(cell).lower() for cell in row]
        if "ref" in names and "action" in names:
            header: dict[str, int] = {}
            for i, name in enumerate(names):
                if name and name not in header:
                    header[name] = i
            missing = [c for c in COLUMNS[:10] if c.lower() not in header]
            if missing:
                raise ImportFileError(NO_HEADER.format(missing=", ".join(missing)))
            body: SheetRows = []
            for number, cells in enumerate(rows, start=index + 2):
                if any(cell not in (None, "") for cell in cells):
                    if len(body) >= MAX_ROWS:
                        raise ImportFileError(TOO_MANY_ROWS.format(limit=MAX_ROWS))
                    body.append((number, tuple(cells)))
            return header, body
    raise ImportFileError(NO_HEADER.format(missing="Ref, Action"))
