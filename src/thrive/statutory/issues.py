"""Typed validation results: severities, issues and file-level problem codes.

Errors are data: every message an analyst sees is an `Issue` with a rule code, so the CLI,
ingest and the web pages can count, filter and compare them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is: errors block a return, queries need an explanation."""

    ERROR = "error"
    WARNING = "warning"
    QUERY = "query"


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding, pointing at the place an analyst fixes it.

    `row` is the row as the analyst sees it: in CSV/XLSX the header is row 1 and the first data
    row is row 2; in XML it is the 1-based position of the child's element. `columns` holds the
    spreadsheet column letters of `fields` for XLSX/XLS/XLSM files (empty for CSV and XML).
    """

    rule: str
    severity: Severity
    return_: str
    file: str | None
    table: str | None
    row: int | None
    child: str | None
    fields: tuple[str, ...]
    message: str
    columns: tuple[str, ...] = ()
    sheet: str | None = None
    """The workbook sheet the row is on (workbooks only), as the analyst named it."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI contract (plus `return` and `columns`)."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "return": self.return_,
            "file": self.file,
            "table": self.table,
            "row": self.row,
            "child": self.child,
            "fields": list(self.fields),
            "columns": list(self.columns),
            "sheet": self.sheet,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A problem with a whole file (unreadable, hostile, wrong shape), with its own code."""

    code: str
    severity: Severity
    title: str
    how_to_fix: str
    unreadable: bool = True

    def issue(
        self,
        *,
        file: str | None,
        detail: str = "",
        return_: str = "",
        table: str | None = None,
        fields: tuple[str, ...] = (),
        row: int | None = None,
    ) -> Issue:
        """Build the `Issue` for one file, naming the file and what to do."""
        where = f"{file}: " if file else ""
        extra = f" ({detail})" if detail else ""
        return Issue(
            rule=self.code,
            severity=self.severity,
            return_=return_,
            file=file,
            table=table,
            row=row,
            child=None,
            fields=fields,
            message=f"{where}{self.title}{extra}. {self.how_to_fix}",
        )


def _problem(code: str, title: str, how_to_fix: str, *, unreadable: bool = True) -> FileProblem:
    severity = Severity.ERROR if unreadable else Severity.WARNING
    return FileProblem(code, severity, title, how_to_fix, unreadable)


# File-level problem codes. `unreadable` ones stop the file being checked (CLI exit code 2).
FILE01_UNREADABLE = _problem(
    "FILE01",
    "The file could not be read",
    "Check it opens in a spreadsheet program, export it again as CSV (UTF-8) or XLSX, and retry.",
)
FILE02_TOO_LARGE = _problem(
    "FILE02",
    "The file is larger than the size limit",
    "Check you chose the right file; split it or raise the limit if it really is this large.",
)
FILE03_EMPTY = _problem(
    "FILE03",
    "The file is empty or has no header row",
    "Export it again from your case-management system; the first row must hold column names.",
)
FILE04_HOSTILE = _problem(
    "FILE04",
    "The file was rejected as unsafe",
    "Export it again from your case-management system without embedded entities, DTDs or "
    "unusually compressed content.",
)
FILE05_ENCODING = _problem(
    "FILE05",
    "The file's text encoding is not supported",
    "Save it as CSV UTF-8 (Excel: File > Save As > 'CSV UTF-8 (Comma delimited)').",
)
FILE06_MISSING_COLUMNS = _problem(
    "FILE06",
    "Required columns are missing",
    "Add the missing columns with exactly the DfE column names, in the header row.",
)
FILE07_DUPLICATE_COLUMNS = _problem(
    "FILE07",
    "A column name appears more than once in the header row",
    "Remove or rename the repeated column so each column name appears once.",
)
FILE08_EXTRA_COLUMNS = _problem(
    "FILE08",
    "The file has columns that are not part of the return; they were ignored",
    "Remove the extra columns, or check they are not misspelt versions of required ones.",
    unreadable=False,
)
FILE09_WRONG_RETURN = _problem(
    "FILE09",
    "The file belongs to a different return from the one requested",
    "Upload it with the right return selected, or drop the --return option to detect it.",
)
FILE10_UNRECOGNISED = _problem(
    "FILE10",
    "The file was not recognised as part of any statutory return",
    "Check the header row uses the DfE column names (or the Ofsted/Thrive formats).",
)
FILE11_DELIMITER = _problem(
    "FILE11",
    "The file is not comma-separated",
    "Save it again as CSV with commas between values; it was read with the detected separator.",
    unreadable=False,
)
FILE12_YEAR = _problem(
    "FILE12",
    "The collection year could not be detected or is not supported",
    "Give the year with --year YYYY (the year the collection ends, e.g. 2025 for 2024/25).",
)
FILE13_DUPLICATE_TABLE = _problem(
    "FILE13",
    "More than one file holds the same table; only the first was checked",
    "Give one file per table (merge them first if they are parts of one return).",
)
FILE14_NOT_FOUND = _problem(
    "FILE14",
    "The file or folder does not exist",
    "Check the path and try again.",
)
FILE15_UNSUPPORTED_TYPE = _problem(
    "FILE15",
    "The file type is not supported",
    "Give .csv, .xlsx, .xls, .xlsm or .xml files.",
)
FILE16_ENCODING_GUESSED = _problem(
    "FILE16",
    "The file is not UTF-8; it was read as Windows-1252",
    "Save it as CSV UTF-8 so names with accents are kept exactly.",
    unreadable=False,
)
FILE17_RAGGED = _problem(
    "FILE17",
    "Some rows have a different number of values from the header row",
    "Check for unquoted commas inside values and export the file again.",
)

FILE18_SKIPPED = _problem(
    "FILE18",
    "The file in the folder is not part of any statutory return; it was skipped",
    "Nothing to do if that is expected; otherwise check its header row.",
    unreadable=False,
)

FILE19_LINK = _problem(
    "FILE19",
    "The file is a link (shortcut) to another place; links are never followed",
    "Copy the file itself into the folder instead of a link to it, and check again.",
)
FILE20_NOT_A_FILE = _problem(
    "FILE20",
    "This is not an ordinary file",
    "Put the return's file here itself (not a folder or device with the file's name).",
)
FILE21_TABLE_MISSING = _problem(
    "FILE21",
    "A table the return must have is missing",
    "Add the table's file, exported from your case-management system with its header row, "
    "and check again.",
)
FILE22_TABLE_NOT_GIVEN = _problem(
    "FILE22",
    "A table of the return was not given; it was checked as empty",
    "If the council has nothing to report in it, give the file with only its header row; "
    "Thrive loads a new version only when every table of the return is given.",
    unreadable=False,
)
FILE23_NOTHING_TO_CHECK = _problem(
    "FILE23",
    "Nothing was recognised as a statutory return",
    "Check you gave the right file or folder, and that each file has the DfE header row.",
)

FILE_PROBLEMS: tuple[FileProblem, ...] = (
    FILE01_UNREADABLE,
    FILE02_TOO_LARGE,
    FILE03_EMPTY,
    FILE04_HOSTILE,
    FILE05_ENCODING,
    FILE06_MISSING_COLUMNS,
    FILE07_DUPLICATE_COLUMNS,
    FILE08_EXTRA_COLUMNS,
    FILE09_WRONG_RETURN,
    FILE10_UNRECOGNISED,
    FILE11_DELIMITER,
    FILE12_YEAR,
    FILE13_DUPLICATE_TABLE,
    FILE14_NOT_FOUND,
    FILE15_UNSUPPORTED_TYPE,
    FILE16_ENCODING_GUESSED,
    FILE17_RAGGED,
    FILE18_SKIPPED,
    FILE19_LINK,
    FILE20_NOT_A_FILE,
    FILE21_TABLE_MISSING,
    FILE22_TABLE_NOT_GIVEN,
    FILE23_NOTHING_TO_CHECK,
)
FILE_PROBLEM_BY_CODE: dict[str, FileProblem] = {p.code: p for p in FILE_PROBLEMS}


def is_unreadable(issue: Issue) -> bool:
    """True when the issue means a file could not be checked at all."""
    problem = FILE_PROBLEM_BY_CODE.get(issue.rule)
    return problem is not None and problem.unreadable


@dataclass(frozen=True, slots=True)
class NotChecked:
    """A rule that was not run, and why (e.g. last year's return was not given)."""

    rule: str
    return_: str
    reason: str


@dataclass(slots=True)
class IssueCounts:
    """Totals by severity."""

    error: int = 0
    warning: int = 0
    query: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
