"""Findings as CSV and XLSX, safe to open in a spreadsheet (no formula injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import xlsxwriter

from thrive.returns.models import ValidationFinding
from thrive.statutory.reading import neutralise_formula

HEADINGS = [
    "Rule",
    "Severity",
    "Return",
    "File",
    "Table",
    "Row",
    "Columns",
    "Child (pseudonym)",
    "Fields",
    "Message",
]


def neutralise(value: object) -> str:
    """Text a spreadsheet will never run: a leading formula character gets a quote mark."""
    return neutralise_formula("" if value is None else str(value))


def _rows(findings: Iterable[ValidationFinding]) -> Iterable[list[str]]:
    for finding in findings:
        yield [
            neutralise(value)
            for value in (
                finding.rule,
                finding.severity,
                finding.return_type,
                finding.file,
                finding.table,
                finding.row if finding.row is not None else "",
                " ".join(finding.columns),
                finding.child,
                " ".join(finding.fields),
                finding.message,
            )
        ]


def findings_csv(findings: Iterable[ValidationFinding]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    writer.writerows(_rows(findings))
    return buffer.getvalue().encode("utf-8-sig")


def findings_xlsx(findings: Iterable[ValidationFinding]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Findings")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, HEADINGS, bold)
    last = 0
    for last, row in enumerate(_rows(findings), start=1):
        sheet.write_row(last, 0, row)
    sheet.autofilter(0, 0, max(last, 1), len(HEADINGS) - 1)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()
