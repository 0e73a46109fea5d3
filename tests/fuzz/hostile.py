"""The hostile corpus: the committed small files plus cases generated at test time.

`build_corpus(folder)` copies tests/fixtures/hostile/ into `folder` and adds the cases that are
large in effect (zip bombs, lying zip directories, a sparse file) or not plain files (links,
a folder named like a file, a pipe), returning one `Case` per file.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tests.fuzz.zips import lying_zip, workbook_bytes, workbook_with_lying_part, zip_bomb

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
)
SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c><c r="B1" t="inlineStr"><is>'
    b"<t>&e;</t></is></c></row></sheetData></worksheet>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&x;</t></si></sst>'
)

# Cases a reader must refuse (a clean accept would be a bug); the rest may be accepted.
MUST_REFUSE = {
    "billion_laughs.xml",
    "external_entity.xml",
    "parameter_entity.xml",
    "external_dtd.xml",
    "quadratic_blowup.xml",
    "zip_bomb.xlsx",
    "lying_directory.xlsx",
    "lying_bomb.xlsx",
    "entity_expansion.xlsx",
    "external_entity.xlsx",
    "sparse.csv",
    "png_named.csv",
    "nul_byte.csv",
    "csv_named.xlsx",
    "text_named.xls",
    "empty.csv",
    "only_bom.csv",
    "blank.csv",
    "wrong_format_member.xlsx",
    "directory_member.xlsx",
}
NOT_A_FILE = {"link_to_file.csv", "link_to_folder", "folder_named.csv", "pipe.csv"}


@dataclass(frozen=True)
class Case:
    """One hostile file (or link, folder or pipe) and whether every reader must refuse it."""

    name: str
    path: Path
    must_refuse: bool

    @property
    def is_regular_file(self) -> bool:
        return self.name not in NOT_A_FILE

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()


def _replace_parts(data: bytes, parts: dict[str, bytes | None]) -> bytes:
    """The workbook with some parts replaced (None removes a part; new names are added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename not in parts:
                archive.writestr(info.filename, source.read(info.filename))
        for name, content in parts.items():
            if content is not None:
                archive.writestr(name, content)
    return buffer.getvalue()


def _generated(folder: Path) -> None:
    plan_like = workbook_bytes(
        [["Priority", "Ref", "Action"], ["1. Help", "1.1", '=HYPERLINK("http://evil.test")']]
    )
    sheet = "xl/worksheets/sheet1.xml"
    files = {
        "zip_bomb.xlsx": zip_bomb(64 * 1024 * 1024),
        "lying_directory.xlsx": workbook_with_lying_part(actual=900_000, declared=10),
        "lying_bomb.xlsx": lying_zip(actual=50_000_000, declared=1000),
        "entity_expansion.xlsx": _replace_parts(plan_like, {sheet: LAUGHS + SHEET}),
        "external_entity.xlsx": _replace_parts(plan_like, {"xl/sharedStrings.xml": EXTERNAL}),
        "traversal_member.xlsx": _replace_parts(plan_like, {"../../../../tmp/evil.csv": b"x"}),
        "wrong_format_member.xlsx": _replace_parts(plan_like, {sheet: b"CHILD,DOB\nC1,x\n"}),
        "directory_member.xlsx": _replace_parts(plan_like, {sheet: None, f"{sheet}/": b""}),
        "formula_cells.xlsx": plan_like,
        "huge_field.csv": b'CHILD,DOB\nC1,"' + b"x" * 300_000 + b'"\n',
        "many_columns.csv": b",".join(b"C%d" % n for n in range(20_000)) + b"\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with (folder / "sparse.csv").open("wb") as handle:  # 300 MB on paper, nothing on disk
        handle.write(b"CHILD,DOB\n")
        handle.truncate(300 * 1024 * 1024)
    (folder / "link_to_file.csv").symlink_to(FIXTURES / "plain.csv")
    target = folder / "elsewhere"
    target.mkdir()
    (target / "header.csv").write_bytes(b"CHILD,DOB\nC1,01/01/2015\n")
    (folder / "link_to_folder").symlink_to(target, target_is_directory=True)
    (folder / "folder_named.csv").mkdir()
    os.mkfifo(folder / "pipe.csv")


def build_corpus(folder: Path) -> list[Case]:
    """Every case, written under `folder` (committed files copied, the rest generated)."""
    for path in sorted(FIXTURES.iterdir()):
        if path.name != "README.md":
            shutil.copyfile(path, folder / path.name)
    _generated(folder)
    return [
        Case(path.name, path, path.name in MUST_REFUSE)
        for path in sorted(folder.iterdir())
        if path.name != "elsewhere"
    ]
