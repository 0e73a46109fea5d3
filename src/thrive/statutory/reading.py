"""Shared file reading for every return: size limits, encodings, CSV and workbooks, guards.

Readers keep every value as the raw string from the file (blank -> null) and add typed columns
alongside (`DECOM__date`), so a bad date is a validation error rather than a crash. Every table
keeps its source file name and each row's analyst row number (`__row`: header = row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import string
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

import polars as pl

from thrive.statutory.issues import (
    FILE01_UNREADABLE,
    FILE02_TOO_LARGE,
    FILE03_EMPTY,
    FILE04_HOSTILE,
    FILE05_ENCODING,
    FILE06_MISSING_COLUMNS,
    FILE07_DUPLICATE_COLUMNS,
    FILE08_EXTRA_COLUMNS,
    FILE11_DELIMITER,
    FILE16_ENCODING_GUESSED,
    FILE17_RAGGED,
    Issue,
)

ROW = "__row"
"""Column holding each row's analyst row number (CSV/XLSX header = 1; XML child position)."""

DEFAULT_SIZE_LIMIT = 200 * 1024 * 1024
"""Default largest file accepted, in bytes (200 MB)."""

MAX_UNCOMPRESSED = 1024 * 1024 * 1024
"""Largest total uncompressed size accepted inside an XLSX/XLSM (zip) file."""

MAX_COMPRESSION_RATIO = 200
"""Largest uncompressed/compressed ratio accepted for a zip member bigger than 1 MB."""

DATE_SUFFIX = "__date"
INT_SUFFIX = "__int"
NUM_SUFFIX = "__num"


def date_col(name: str) -> str:
    """Name of the typed date column parsed from raw column `name`."""
    return f"{name}{DATE_SUFFIX}"


def int_col(name: str) -> str:
    """Name of the typed integer column parsed from raw column `name`."""
    return f"{name}{INT_SUFFIX}"


def num_col(name: str) -> str:
    """Name of the typed decimal column parsed from raw column `name`."""
    return f"{name}{NUM_SUFFIX}"


class FileKind(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    XLSM = "xlsm"
    XLS = "xls"
    XML = "xml"
    UNKNOWN = "unknown"


_KIND_BY_SUFFIX = {
    ".csv": FileKind.CSV,
    ".txt": FileKind.CSV,
    ".xlsx": FileKind.XLSX,
    ".xlsm": FileKind.XLSM,
    ".xls": FileKind.XLS,
    ".xml": FileKind.XML,
}
WORKBOOK_KINDS = frozenset({FileKind.XLSX, FileKind.XLSM, FileKind.XLS})


def file_kind(path: Path) -> FileKind:
    """The file's kind from its extension (contents are checked when it is read)."""
    return _KIND_BY_SUFFIX.get(path.suffix.lower(), FileKind.UNKNOWN)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file given to the validator: where it is and how issues should name it."""

    path: Path
    display: str
    kind: FileKind

    @classmethod
    def of(cls, path: Path, display: str | None = None) -> SourceFile:
        return cls(path=path, display=display or str(path), kind=file_kind(path))


class ReadError(Exception):
    """A file could not be read; carries the `Issue` to report."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


# --- guards -------------------------------------------------------------------------------


def check_size(source: SourceFile, limit: int = DEFAULT_SIZE_LIMIT) -> None:
    """Raises: ReadError (FILE02 / FILE01) when the file is too large or cannot be opened."""
    try:
        size = source.path.stat().st_size
    except OSError as error:
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=str(error))) from error
    if size > limit:
        detail = f"{size / 1024 / 1024:.1f} MB; the limit is {limit / 1024 / 1024:.0f} MB"
        raise ReadError(FILE02_TOO_LARGE.issue(file=source.display, detail=detail))


def check_zip(source: SourceFile) -> None:
    """Reject zip bombs before a workbook is opened, on the bytes its parts really expand to.

    Every part is decompressed with a running cap (see `thrive.statutory.archive`), so a zip
    whose directory understates its sizes is caught too, and the check stops early.

    Raises: ReadError (FILE04 for suspicious compression, FILE01 for a broken zip).
    """
    from thrive.statutory.archive import ArchiveProblem

    try:
        stat = source.path.stat()
        _zip_measured(str(source.path), stat.st_mtime_ns, stat.st_size, stat.st_ino)
    except OSError as error:
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=str(error))) from error
    except ArchiveProblem as problem:
        if problem.hostile:
            raise ReadError(
                FILE04_HOSTILE.issue(file=source.display, detail=problem.detail)
            ) from problem
        detail = "not a valid Excel workbook"
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=detail)) from problem


@functools.lru_cache(maxsize=32)
def _zip_measured(path: str, mtime_ns: int, size: int, inode: int) -> None:
    """Measure a workbook once however many of its sheets are read (a pass is cached; a
    refusal is not, so it is raised again). Raises: ArchiveProblem."""
    from thrive.statutory.archive import measure_zip

    del mtime_ns, size, inode  # part of the cache key only
    measure_zip(Path(path), max_total=MAX_UNCOMPRESSED, max_ratio=MAX_COMPRESSION_RATIO)


def read_bytes(source: SourceFile, limit: int = DEFAULT_SIZE_LIMIT) -> bytes:
    """The file's bytes after the size check. Raises: ReadError."""
    check_size(source, limit)
    try:
        return source.path.read_bytes()
    except OSError as error:
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=str(error))) from error


# --- text ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    warnings: tuple[Issue, ...] = ()


def decode_text(data: bytes, display: str) -> DecodedText:
    """Decode CSV bytes: UTF-8 (BOM stripped), UTF-16 with BOM, else Windows-1252.

    Raises: ReadError (FILE05) for binary content.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            detail = "it looks like broken UTF-16"
            raise ReadError(FILE05_ENCODING.issue(file=display, detail=detail)) from error
    if b"\x00" in data[:65536]:
        detail = "it contains binary data (is it a spreadsheet saved with a .csv name?)"
        raise ReadError(FILE05_ENCODING.issue(file=display, detail=detail))
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return DecodedText(text, "cp1252", (FILE16_ENCODING_GUESSED.issue(file=display),))


_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter used in the header line (comma unless another is clearly used)."""
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    if counts[","] > 0:
        return ","
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def normalise_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings become LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first_line(text: str) -> str:
    end = text.find("\n")
    return text if end < 0 else text[:end]


def clean_header(cell: str | None) -> str:
    """Header cells compared without surrounding spaces, quotes or stray BOMs."""
    return (cell or "").replace("\ufeff", "").strip().strip('"').strip()


def csv_header(text: str, delimiter: str) -> list[str]:
    """The cleaned header cells of CSV text."""
    reader = csv.reader(io.StringIO(_first_line(normalise_newlines(text))), delimiter=delimiter)
    try:
        row = next(reader, [])
    except csv.Error:
        # An unclosed quote or stray control character: keep the raw cells.
        row = _first_line(text).split(delimiter)
    return [clean_header(cell) for cell in row]


@dataclass(frozen=True, slots=True)
class RawSheet:
    """A header row and its data rows, all values kept as strings (blank -> null)."""

    header: list[str]
    frame: pl.DataFrame
    letters: dict[str, str]
    warnings: tuple[Issue, ...] = ()
    sheet: str | None = None


def _strip_blank(frame: pl.DataFrame) -> pl.DataFrame:
    if frame.width == 0:
        return frame
    return frame.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in frame.columns)


def read_csv_text(text: str, display: str) -> RawSheet:
    """Parse decoded CSV text into a raw sheet with `__row`. Raises: ReadError."""
    if not text.strip():
        raise ReadError(FILE03_EMPTY.issue(file=display))
    text = normalise_newlines(text)
    warnings: list[Issue] = []
    delimiter = sniff_delimiter(_first_line(text))
    if delimiter != ",":
        name = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}[delimiter]
        warnings.append(FILE11_DELIMITER.issue(file=display, detail=f"it uses {name}"))
    header = csv_header(text, delimiter)
    if not any(header):
        raise ReadError(FILE03_EMPTY.issue(file=display))
    _check_header(header, display)
    try:
        frame = pl.read_csv(
            io.StringIO(text),
            has_header=False,
            skip_rows=1,
            separator=delimiter,
            infer_schema=False,
            new_columns=header,
            schema_overrides=dict.fromkeys(header, pl.String),
            quote_char='"',
        )
    except pl.exceptions.NoDataError:
        frame = pl.DataFrame(schema=dict.fromkeys(header, pl.String))
    except pl.exceptions.PolarsError as error:
        message = str(error).splitlines()[0][:200]
        ragged = _ragged(text, delimiter, len(header), display)
        if ragged.row is not None or "fields" in message or "number of columns" in message:
            raise ReadError(ragged) from error
        raise ReadError(FILE01_UNREADABLE.issue(file=display, detail=message)) from error
    if frame.width != len(header):
        raise ReadError(_ragged(text, delimiter, len(header), display))
    frame = _strip_blank(frame)
    frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    # Fully blank lines (e.g. trailing separators) are not records.
    data_cols = [c for c in frame.columns if c != ROW]
    if data_cols:
        frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in data_cols))
    return RawSheet(header, frame, {}, tuple(warnings))


def _ragged(text: str, delimiter: str, width: int, display: str) -> Issue:
    """FILE17 naming the first row (as a spreadsheet numbers it) with too many values, or the
    row whose quoted value is never closed."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    row, start = 0, 1
    try:
        for record in reader:
            row += 1
            if row > 1 and len(record) > width:
                detail = f"row {row} has {len(record)} values; the header row has {width}"
                return FILE17_RAGGED.issue(file=display, detail=detail, row=row)
            start = reader.line_num + 1
    except csv.Error:
        detail = f"row {row + 1} (line {start}) opens a quoted value that is never closed"
        return FILE17_RAGGED.issue(file=display, detail=detail, row=row + 1)
    return FILE17_RAGGED.issue(file=display)


def _check_header(header: Sequence[str], display: str) -> None:
    seen: set[str] = set()
    duplicates: list[str] = []
    for name in header:
        if name and name in seen and name not in duplicates:
            duplicates.append(name)
        seen.add(name)
    if duplicates:
        detail = ", ".join(duplicates)
        raise ReadError(FILE07_DUPLICATE_COLUMNS.issue(file=display, detail=detail))


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters


# --- workbooks ----------------------------------------------------------------------------


def workbook_sheet_names(source: SourceFile, limit: int = DEFAULT_SIZE_LIMIT) -> list[str]:
    """Sheet names of a workbook, after the size and zip-bomb guards. Raises: ReadError."""
    import fastexcel

    check_size(source, limit)
    if source.kind in (FileKind.XLSX, FileKind.XLSM):
        check_zip(source)
    try:
        reader = fastexcel.read_excel(str(source.path))
        return list(reader.sheet_names)
    except Exception as error:  # fastexcel raises its own hierarchy and OSError
        detail = "not a readable Excel workbook"
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=detail)) from error


_ISO_MIDNIGHT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: 00:00:00(?:\.0+)?)?$")


def _sheet_origin(source: SourceFile, sheet: str | int) -> tuple[int, int]:
    """Where the sheet's data starts: 1-based row and 0-based column (A1 -> (1, 0)).

    The fast reader drops empty rows and columns before the first value, so the analyst's row
    and column letters are recovered from the sheet's recorded dimension (XLSX/XLSM; XLS
    sheets are taken to start at A1).
    """
    if source.kind not in (FileKind.XLSX, FileKind.XLSM):
        return 1, 0
    stat = source.path.stat()
    origins = _workbook_origins(str(source.path), stat.st_mtime_ns, stat.st_size)
    if isinstance(sheet, int):
        return origins[sheet][1] if 0 <= sheet < len(origins) else (1, 0)
    return dict(origins).get(sheet, (1, 0))


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d+)")
_RELATIONSHIP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@functools.lru_cache(maxsize=16)
def _workbook_origins(
    path: str, mtime_ns: int, size: int
) -> tuple[tuple[str, tuple[int, int]], ...]:
    """(sheet name, origin) for every sheet, from each sheet's `<dimension>` (read once)."""
    del mtime_ns, size  # part of the cache key only
    import defusedxml.ElementTree as safe_etree

    try:
        with zipfile.ZipFile(path) as archive:
            workbook = safe_etree.fromstring(archive.read("xl/workbook.xml"))
            relations = safe_etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            targets = {
                rel.get("Id"): str(rel.get("Target", "")).lstrip("/")
                for rel in relations
                if _local_name(rel.tag) == "Relationship"
            }
            origins = []
            for element in workbook.iter():
                if _local_name(element.tag) != "sheet":
                    continue
                target = targets.get(element.get(_RELATIONSHIP_NS), "")
                member = target if target.startswith("xl/") else f"xl/{target}"
                with archive.open(member) as handle:
                    head = handle.read(4096)
                found = _DIMENSION.search(head)
                origin = (1, 0)
                if found:
                    letters, row = found.group(1).decode(), int(found.group(2))
                    column = 0
                    for letter in letters:
                        column = column * 26 + (ord(letter) - 64)
                    origin = (row, column - 1)
                origins.append((str(element.get("name", "")), origin))
            return tuple(origins)
    except Exception:  # the fast reader has already read the file; fall back to A1
        return ()


def read_workbook_sheet(
    source: SourceFile, sheet: str | int, limit: int = DEFAULT_SIZE_LIMIT
) -> RawSheet:
    """One sheet as a raw string sheet; row 1 is the header. Macros are never run.

    Raises: ReadError.
    """
    import fastexcel

    check_size(source, limit)
    if source.kind in (FileKind.XLSX, FileKind.XLSM):
        check_zip(source)
    try:
        reader = fastexcel.read_excel(str(source.path))
        loaded = reader.load_sheet(sheet, header_row=None, dtypes="string")
        grid = loaded.to_polars()
    except Exception as error:  # fastexcel raises its own hierarchy and OSError
        detail = f"sheet {sheet!r} could not be read"
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=detail)) from error
    if grid.height == 0:
        raise ReadError(FILE03_EMPTY.issue(file=source.display))
    header = [clean_header(v) for v in grid.row(0)]
    if not any(header):
        raise ReadError(FILE03_EMPTY.issue(file=source.display))
    _check_header([h for h in header if h], source.display)
    keep = [i for i, name in enumerate(header) if name]
    renamed = grid.select(
        pl.col(grid.columns[i]).cast(pl.String).alias(header[i]) for i in keep
    ).slice(1)
    header_row, first_column = _sheet_origin(source, sheet)
    letters = {header[i]: column_letter(i + first_column) for i in keep}
    frame = _strip_blank(renamed)
    frame = frame.with_row_index(ROW, offset=header_row + 1).with_columns(
        pl.col(ROW).cast(pl.Int64)
    )
    data_cols = [c for c in frame.columns if c != ROW]
    if data_cols:
        frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in data_cols))
    sheet_name = sheet if isinstance(sheet, str) else None
    return RawSheet([header[i] for i in keep], frame, letters, (), sheet_name)


def read_raw(source: SourceFile, limit: int = DEFAULT_SIZE_LIMIT) -> RawSheet:
    """A CSV file, or the first sheet of a workbook, as a raw sheet. Raises: ReadError."""
    if source.kind in WORKBOOK_KINDS:
        return read_workbook_sheet(source, 0, limit)
    decoded = decode_text(read_bytes(source, limit), source.display)
    sheet = read_csv_text(decoded.text, source.display)
    return RawSheet(
        sheet.header, sheet.frame, sheet.letters, decoded.warnings + sheet.warnings, None
    )


# --- typed tables -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableSpec:
    """The columns of one table and how its typed columns are parsed."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    integers: tuple[str, ...] = ()
    decimals: tuple[str, ...] = ()
    child_column: str | None = None
    date_format: str = "%d/%m/%Y"


@dataclass(frozen=True, slots=True)
class Table:
    """A typed Polars table that remembers where it came from.

    `frame` holds the raw string columns, typed columns alongside (`date_col(name)`,
    `int_col(name)`, `num_col(name)`) and `ROW`. `letters` maps column names to spreadsheet
    letters (workbooks only).
    """

    name: str
    file: str | None
    frame: pl.DataFrame
    child_column: str | None = None
    letters: Mapping[str, str] = field(default_factory=dict)
    sheet: str | None = None

    @property
    def height(self) -> int:
        return self.frame.height


_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _date_expr(name: str, formats: Sequence[str], workbook: bool) -> pl.Expr:
    raw = pl.col(name)
    parsed = [raw.str.strptime(pl.Date, fmt, strict=False, exact=True) for fmt in formats]
    if workbook:
        # A date cell without a date format comes out as its serial number (days since 1900).
        serial = raw.str.extract(r"^(\d{4,5})(?:\.0+)?$", 1).cast(pl.Int64, strict=False)
        parsed.append(
            pl.when(serial.is_between(1, 2958465))
            .then(pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial))
            .otherwise(None)
            .cast(pl.Date)
        )
    return (pl.coalesce(parsed) if len(parsed) > 1 else parsed[0]).alias(date_col(name))


def add_typed_columns(frame: pl.DataFrame, spec: TableSpec, workbook: bool) -> pl.DataFrame:
    """Parse the spec's dates, integers and decimals next to the raw strings (bad -> null)."""
    formats: list[str] = [spec.date_format]
    if workbook:
        # Date cells come out of workbooks as ISO text.
        formats += ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
    expressions: list[pl.Expr] = []
    for name in spec.dates:
        expressions.append(_date_expr(name, formats, workbook))
    for name in spec.integers:
        raw = pl.col(name)
        whole = raw.str.replace(r"^([+-]?\d+)\.0+$", "$1")
        expressions.append(
            pl.when(whole.str.contains(r"^[+-]?\d{1,15}$"))
            .then(whole.cast(pl.Int64, strict=False))
            .otherwise(None)
            .alias(int_col(name))
        )
    for name in spec.decimals:
        raw = pl.col(name)
        expressions.append(
            pl.when(raw.str.contains(r"^[+-]?(\d+\.?\d*|\.\d+)$"))
            .then(raw.cast(pl.Float64, strict=False))
            .otherwise(None)
            .alias(num_col(name))
        )
    return frame.with_columns(expressions) if expressions else frame


def empty_table(spec: TableSpec) -> Table:
    """An empty table with the spec's columns (a table whose file was not given)."""
    frame = pl.DataFrame(
        {
            ROW: pl.Series([], dtype=pl.Int64),
            **{c: pl.Series([], dtype=pl.String) for c in spec.columns},
        }
    )
    return Table(spec.name, None, add_typed_columns(frame, spec, False), spec.child_column)


def shape_table(
    raw: RawSheet, spec: TableSpec, source: SourceFile, return_id: str
) -> tuple[Table, list[Issue]]:
    """Fit a raw sheet to a table spec: report missing/extra columns, add typed columns.

    Raises: ReadError (FILE06) when required columns are missing.
    """
    issues = list(raw.warnings)
    present = set(raw.header)
    missing = [c for c in spec.columns if c not in present]
    missing_required = [c for c in missing if c in spec.required or not spec.required]
    if missing_required:
        problem = FILE06_MISSING_COLUMNS.issue(
            file=source.display,
            detail=", ".join(missing_required),
            return_=return_id,
            table=spec.name,
            fields=tuple(missing_required),
        )
        raise ReadError(replace(problem, sheet=raw.sheet))
    extra = [c for c in raw.header if c not in spec.columns]
    if extra:
        problem = FILE08_EXTRA_COLUMNS.issue(
            file=source.display,
            detail=", ".join(extra),
            return_=return_id,
            table=spec.name,
            fields=tuple(extra),
        )
        issues.append(replace(problem, sheet=raw.sheet))
    frame = raw.frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in missing)
    frame = frame.select(ROW, *spec.columns)
    typed = add_typed_columns(frame, spec, source.kind in WORKBOOK_KINDS)
    table = Table(spec.name, source.display, typed, spec.child_column, raw.letters, raw.sheet)
    return table, issues


def match_columns(header: Iterable[str], specs: Iterable[TableSpec]) -> tuple[TableSpec, float]:
    """The spec whose columns best match a header, with a 0..1 score (Jaccard)."""
    found = {h for h in header if h}
    best: tuple[TableSpec | None, float] = (None, -1.0)
    for spec in specs:
        expected = set(spec.columns)
        union = len(found | expected) or 1
        score = len(found & expected) / union
        if score > best[1]:
            best = (spec, score)
    if best[0] is None:
        raise ValueError("no table specs given")
    return best[0], best[1]


# --- spreadsheet safety -------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(value: str) -> str:
    """Make a cell safe to open in a spreadsheet: text starting like a formula gets a `'`."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`neutralise_formula` over every string column of a frame (for CSV/XLSX downloads)."""
    pattern = r"^[=+\-@\t\r]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


# --- sniffing (what detectors look at) ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sniff:
    """What a file looks like, read cheaply once and shown to every return's detector.

    `headers` maps sheet name ("" for CSV) to that sheet's cleaned header cells; `xml_root` is
    the local name of an XML document's root element; `text_head` is the first few KB of text.
    """

    source: SourceFile
    headers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    xml_root: str | None = None
    text_head: str = ""


_XML_ROOT = re.compile(r"<\s*(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")


def sniff(source: SourceFile, limit: int = DEFAULT_SIZE_LIMIT) -> Sniff:
    """Look at a file's header row(s) or root element. Raises: ReadError."""
    check_size(source, limit)
    if source.kind in WORKBOOK_KINDS:
        import fastexcel

        names = workbook_sheet_names(source, limit)
        headers: dict[str, tuple[str, ...]] = {}
        try:
            reader = fastexcel.read_excel(str(source.path))
            for name in names:
                sheet = reader.load_sheet(name, header_row=None, dtypes="string", n_rows=1)
                grid = sheet.to_polars()
                headers[name] = tuple(clean_header(v) for v in grid.row(0)) if grid.height else ()
        except Exception as error:  # fastexcel raises its own hierarchy
            detail = "not a readable Excel workbook"
            raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=detail)) from error
        return Sniff(source, headers)
    try:
        with source.path.open("rb") as handle:
            head = handle.read(65536)
    except OSError as error:
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=str(error))) from error
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise ReadError(FILE03_EMPTY.issue(file=source.display))
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        detail = "it is a spreadsheet workbook; give it a .xlsx, .xlsm or .xls name"
        raise ReadError(FILE01_UNREADABLE.issue(file=source.display, detail=detail))
    decoded = decode_text(head, source.display)
    text = decoded.text
    stripped = text.lstrip()
    if stripped.startswith("<"):
        root = None
        for match in _XML_ROOT.finditer(stripped):
            start = stripped[: match.start()].rstrip()
            prefix_ok = not start.endswith("<!--")
            token = stripped[match.start() : match.start() + 2]
            if token.startswith(("<?", "<!")) or not prefix_ok:
                continue
            root = match.group(1)
            break
        return Sniff(source, {}, root, text[:4096])
    text = normalise_newlines(text)
    delimiter = sniff_delimiter(_first_line(text))
    return Sniff(source, {"": tuple(csv_header(text, delimiter))}, None, text[:4096])
