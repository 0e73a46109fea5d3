"""Valid files for every reader and importer, and hostile variants built from them.

A hostile construct hidden inside an otherwise valid return reaches the parser (a bare hostile
file is often refused earlier, as unrecognised); both are run by the corpus test.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from tests.fuzz.hostile import EXTERNAL, LAUGHS, SHEET, _replace_parts
from tests.fuzz.zips import workbook_bytes

XI = b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>'
FORMULA = "=cmd|' /C calc'!A0"
SURVEY = (
    "date,source,channel,feedback,themes,reference\n"
    "2024-01-05,child,survey,I like my social worker,,R1\n"
    "2024-01-06,parent,survey,Meetings are too short,,R2\n"
)


def _after_declaration(data: bytes, insert: bytes) -> bytes:
    end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
    return data[:end] + insert + data[end:]


def _first_text(data: bytes, replacement: bytes) -> bytes:
    """Put `replacement` inside the first element that holds text."""
    start = data.find(b"<Header>") + len(b"<Header>")
    return data[:start] + replacement + data[start:]


def xml_variants(valid: bytes) -> dict[str, tuple[bytes, bool]]:
    """name -> (bytes, must be refused)."""
    entities = LAUGHS.split(b"?>", 1)[1].replace(b"DOCTYPE w", b"DOCTYPE Message")
    return {
        "valid": (valid, False),
        "entity_expansion": (_first_text(_after_declaration(valid, entities), b"&e;"), True),
        "external_entity": (
            _first_text(
                _after_declaration(
                    valid, b'<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                ),
                b"&x;",
            ),
            True,
        ),
        "external_dtd": (
            _after_declaration(valid, b'<!DOCTYPE Message SYSTEM "http://127.0.0.1:9/m.dtd">'),
            True,
        ),
        "xinclude": (_first_text(valid, XI), False),
        "bom": (b"\xef\xbb\xbf" + valid, False),
        "invalid_utf8": (valid.replace(b"</Header>", b"\xff\xfe</Header>", 1), False),
        "declared_utf16": (valid.replace(b'encoding="utf-8"', b'encoding="UTF-16"', 1), False),
        "unknown_encoding": (valid.replace(b'encoding="utf-8"', b'encoding="x-nope"', 1), False),
        "truncated": (valid[: len(valid) // 2], True),
        "formula": (
            valid.replace(b"</Header>", b"<X>" + FORMULA.encode() + b"</X></Header>"),
            False,
        ),
    }


def csv_variants(valid: str) -> dict[str, tuple[bytes, bool]]:
    rows = list(csv.reader(io.StringIO(valid)))
    header, body = rows[0], rows[1:]

    def write(records: list[list[str]], newline: str = "\n") -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=newline).writerows(records)
        return buffer.getvalue()

    formula = [list(r) for r in body]
    formula[0][-1] = FORMULA
    formula[-1][-1] = "@SUM(1+1)*cmd|' /C calc'!A0"
    utf8 = valid.encode("utf-8")
    return {
        "valid": (utf8, False),
        "utf8_bom": (b"\xef\xbb\xbf" + utf8, False),
        "utf16_bom": (valid.encode("utf-16"), False),
        "cp1252": (valid.replace(body[0][-1], body[0][-1] + "é", 1).encode("cp1252"), False),
        "mixed_encodings": (
            utf8.replace(b"\n", "é\n".encode(), 2).replace(b"\n", b"\xe9\n"),
            False,
        ),
        "nul": (utf8.replace(b"\n", b"\x00\n", 2), True),
        "formula": (write([header, *formula]).encode(), False),
        "cr_only": (write(rows, "\r").encode(), False),
        "huge_field": (write([header, [*body[0][:-1], "x" * 300_000]]).encode(), False),
        "unclosed_quote": (utf8 + b'"never closed,\n', False),
        "duplicate_header": (
            write([[*header, header[0]], *[[*r, "x"] for r in body]]).encode(),
            False,
        ),
    }


def xlsx_variants(valid: bytes) -> dict[str, tuple[bytes, bool]]:
    from tests.fuzz.zips import workbook_with_lying_part

    sheet = "xl/worksheets/sheet1.xml"
    lying = workbook_with_lying_part(actual=900_000, declared=10)
    return {
        "valid": (valid, False),
        "entity_expansion": (_replace_parts(valid, {sheet: LAUGHS + SHEET}), True),
        "external_entity": (_replace_parts(valid, {"xl/sharedStrings.xml": EXTERNAL}), True),
        "wrong_format_member": (_replace_parts(valid, {sheet: b"CHILD,DOB\nC1,x\n"}), True),
        "directory_member": (_replace_parts(valid, {sheet: None, f"{sheet}/": b""}), True),
        "traversal_member": (_replace_parts(valid, {"../../../../tmp/evil.csv": b"x"}), False),
        "lying_part": (lying, True),
    }


Variants = Callable[[], dict[str, tuple[bytes, bool]]]


def annexa_workbook(folder: Path) -> bytes:
    from tests.statutory.annexa.annex_xlsx import write_workbook

    return write_workbook(folder / "carrier_annex_a.xlsx").read_bytes()


def workforce_csv(folder: Path) -> str:
    from tests.statutory.workforce.test_workforce import write_files

    return (write_files(folder / "workforce") / "workforce_staff.csv").read_text()


def plan_workbook_rows() -> bytes:
    from thrive.plans.sheet import COLUMNS

    row = ["1. Help", "9.1", "Hostile corpus action", "", "", "05/01/2026", "30/06/2026"]
    return workbook_bytes([COLUMNS[:10], [*row, "", "", "Not started"]])
