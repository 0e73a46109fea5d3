"""Crafted zip files for the hostile corpus: bombs and zips whose directory lies about sizes.

Generated at test time (a few KB on disk, however large they claim or expand to).
"""

from __future__ import annotations

import io
import struct
import zipfile

import xlsxwriter


def workbook_bytes(rows: list[list[object]], sheet: str = "Sheet1") -> bytes:
    """A small real XLSX workbook holding `rows`."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheet = book.add_worksheet(sheet)
    for number, row in enumerate(rows):
        worksheet.write_row(number, 0, row)
    book.close()
    return buffer.getvalue()


def zip_bomb(expanded: int = 64 * 1024 * 1024) -> bytes:
    """An honest zip bomb: one part of `expanded` zero bytes (about 1000:1 compression)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part,
    ):
        block = b"\x00" * (1024 * 1024)
        for _ in range(expanded // len(block)):
            part.write(block)
    return buffer.getvalue()


def lying_zip(actual: int, declared: int, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A one-part zip whose local header and central directory both say the part expands to
    `declared` bytes, while its deflated data really expands to `actual` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, b"<x/>" + b" " * (actual - 4))
    data = bytearray(buffer.getvalue())
    local = data.find(b"PK\x03\x04")
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<L", data, local + 22, declared)
    struct.pack_into("<L", data, central + 24, declared)
    return bytes(data)


def workbook_with_lying_part(actual: int, declared: int) -> bytes:
    """A real workbook plus one extra part whose directory entry understates its size."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([["CHILD", "DOB"], ["C1", "01/01/2020"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        archive.writestr("xl/media/padding.bin", b" " * actual)
    data = bytearray(buffer.getvalue())
    local = data.rfind(b"PK\x03\x04")
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<L", data, local + 22, declared)
    struct.pack_into("<L", data, central + 24, declared)
    return bytes(data)
