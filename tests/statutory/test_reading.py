"""Shared readers: encodings, delimiters, header problems, workbooks, guards and safety."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from thrive.statutory.reading import (
    ROW,
    ReadError,
    SourceFile,
    TableSpec,
    add_typed_columns,
    check_size,
    column_letter,
    date_col,
    neutralise_formula,
    neutralise_frame,
    read_raw,
    shape_table,
    sniff,
)

SPEC = TableSpec("t", ("CHILD", "DOB"), dates=("DOB",), child_column="CHILD")


def _csv(tmp_path: Path, data: bytes, name: str = "t.csv") -> SourceFile:
    path = tmp_path / name
    path.write_bytes(data)
    return SourceFile.of(path, name)


def _code(call: object) -> str:
    assert isinstance(call, ReadError)
    return call.issue.rule


def test_utf8_bom_is_stripped_from_the_first_header(tmp_path: Path) -> None:
    raw = read_raw(_csv(tmp_path, b"\xef\xbb\xbfCHILD,DOB\nA1,01/02/2020\n"))
    assert raw.header == ["CHILD", "DOB"]
    assert raw.frame.to_dicts() == [{ROW: 2, "CHILD": "A1", "DOB": "01/02/2020"}]
    assert raw.warnings == ()


def test_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    raw = read_raw(_csv(tmp_path, "CHILD,DOB\nZoë,01/02/2020\n".encode("cp1252")))
    assert raw.frame["CHILD"].to_list() == ["Zoë"]
    assert [w.rule for w in raw.warnings] == ["FILE16"]


def test_semicolons_are_read_with_a_warning(tmp_path: Path) -> None:
    raw = read_raw(_csv(tmp_path, b"CHILD;DOB\nA1;01/02/2020\n"))
    assert raw.frame["DOB"].to_list() == ["01/02/2020"]
    assert [w.rule for w in raw.warnings] == ["FILE11"]


def test_blank_cells_are_null_and_blank_lines_are_dropped_but_rows_keep_numbers(
    tmp_path: Path,
) -> None:
    raw = read_raw(_csv(tmp_path, b"CHILD,DOB\nA1, \n,\nA3,01/01/2020\n"))
    assert raw.frame.to_dicts() == [
        {ROW: 2, "CHILD": "A1", "DOB": None},
        {ROW: 4, "CHILD": "A3", "DOB": "01/01/2020"},
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "FILE03"),
        (b"\n\n", "FILE03"),
        (b"CHILD,DOB,CHILD\n1,2,3\n", "FILE07"),
        (b"CHILD,DOB\n1,2,3,4\n", "FILE17"),
        (b"\x00\x01\x02binary", "FILE05"),
    ],
)
def test_broken_csv_is_a_typed_error(tmp_path: Path, data: bytes, code: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_raw(_csv(tmp_path, data))
    assert caught.value.issue.rule == code
    assert caught.value.issue.file == "t.csv"
    assert caught.value.issue.message.startswith("t.csv: ")


@pytest.mark.parametrize(
    ("data", "row", "detail"),
    [
        (b"CHILD,DOB\nA1,x\nA2,y\nA3,z,extra\n", 4, "row 4 has 3 values; the header row has 2"),
        (b'CHILD,DOB\nA1,"x\nA2,y\n', 2, "row 2 (line 2) opens a quoted value that is never"),
        (b'CHILD,DOB\nA1,x\nA2,"y\nA3,z\n', 3, "row 3 (line 3) opens a quoted value"),
    ],
)
def test_csv_structure_errors_give_the_row(
    tmp_path: Path, data: bytes, row: int, detail: str
) -> None:
    with pytest.raises(ReadError) as caught:
        read_raw(_csv(tmp_path, data))
    assert (caught.value.issue.rule, caught.value.issue.row) == ("FILE17", row)
    assert detail in caught.value.issue.message


def test_header_only_file_is_an_empty_table(tmp_path: Path) -> None:
    raw = read_raw(_csv(tmp_path, b"CHILD,DOB\n"))
    assert raw.frame.height == 0
    assert raw.header == ["CHILD", "DOB"]


def test_missing_and_extra_columns(tmp_path: Path) -> None:
    source = _csv(tmp_path, b"CHILD,DOB,NOTE\nA1,01/02/2020,x\n")
    table, issues = shape_table(read_raw(source), SPEC, source, "toy")
    assert table.frame.columns == [ROW, "CHILD", "DOB", date_col("DOB")]
    assert [(i.rule, i.fields) for i in issues] == [("FILE08", ("NOTE",))]
    source = _csv(tmp_path, b"CHILD\nA1\n", "u.csv")
    with pytest.raises(ReadError) as caught:
        shape_table(read_raw(source), SPEC, source, "toy")
    assert (caught.value.issue.rule, caught.value.issue.fields) == ("FILE06", ("DOB",))


def test_bad_dates_are_null_in_the_typed_column_not_a_crash() -> None:
    frame = pl.DataFrame({"CHILD": ["a", "b", "c"], "DOB": ["01/02/2020", "2024-13-01", None]})
    typed = add_typed_columns(frame, SPEC, workbook=False)
    assert typed[date_col("DOB")].to_list()[1:] == [None, None]
    assert str(typed[date_col("DOB")][0]) == "2020-02-01"


def test_size_limit(tmp_path: Path) -> None:
    source = _csv(tmp_path, b"CHILD,DOB\n" + b"A,01/01/2020\n" * 100)
    check_size(source, 10_000)
    with pytest.raises(ReadError) as caught:
        check_size(source, 100)
    assert caught.value.issue.rule == "FILE02"


def _workbook(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("episodes")
    sheet.write_row(0, 0, ["CHILD", "DOB"])
    sheet.write(1, 0, "A1")
    sheet.write_datetime(1, 1, dt.datetime(2020, 2, 1))
    sheet.write(2, 0, "=1+1")
    sheet.write(2, 1, "31/02/2020")
    book.close()


def test_workbook_dates_formulas_and_column_letters(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    _workbook(path)
    source = SourceFile.of(path, "e.xlsx")
    raw = read_raw(source)
    table, _ = shape_table(raw, SPEC, source, "toy")
    assert table.letters == {"CHILD": "A", "DOB": "B"}
    assert table.frame[ROW].to_list() == [2, 3]
    dates = table.frame[date_col("DOB")].to_list()
    assert str(dates[0]) == "2020-02-01" and dates[1] is None
    # The formula is never evaluated by us: its cached value (0 from xlsxwriter) is read.
    assert table.frame["CHILD"].to_list()[1] == "0"
    assert sniff(source).headers == {"episodes": ("CHILD", "DOB")}


def test_zip_bomb_workbook_is_rejected_before_opening(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(ReadError) as caught:
        read_raw(SourceFile.of(path, "bomb.xlsx"))
    assert caught.value.issue.rule == "FILE04"


def test_not_a_workbook_and_workbook_named_csv(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"CHILD,DOB\n")
    with pytest.raises(ReadError) as caught:
        read_raw(SourceFile.of(fake, "fake.xlsx"))
    assert caught.value.issue.rule == "FILE01"
    real = tmp_path / "real.xlsx"
    _workbook(real)
    renamed = tmp_path / "real.csv"
    renamed.write_bytes(real.read_bytes())
    with pytest.raises(ReadError) as caught:
        sniff(SourceFile.of(renamed, "real.csv"))
    assert caught.value.issue.rule == "FILE01"
    assert ".xlsx" in caught.value.issue.message


def test_xml_root_is_sniffed(tmp_path: Path) -> None:
    source = _csv(tmp_path, b'<?xml version="1.0"?>\n<!-- c -->\n<ns:Message a="1"/>', "m.xml")
    assert sniff(source).xml_root == "Message"


def test_formula_neutralising() -> None:
    assert neutralise_formula("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise_formula("+1") == "'+1"
    assert neutralise_formula("@x") == "'@x"
    assert neutralise_formula("C1") == "C1"
    frame = neutralise_frame(pl.DataFrame({"a": ["-2", "ok"], "n": [1, 2]}))
    assert frame.to_dicts() == [{"a": "'-2", "n": 1}, {"a": "ok", "n": 2}]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_workbook_header_away_from_a1_keeps_the_analysts_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "offset.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("episodes")
    sheet.write_row(2, 1, ["CHILD", "DOB"])
    sheet.write_row(3, 1, ["A1", "01/02/2020"])
    sheet.write_row(5, 1, ["A3", "bad"])
    book.close()
    source = SourceFile.of(path, "offset.xlsx")
    table, _ = shape_table(read_raw(source), SPEC, source, "toy")
    assert table.letters == {"CHILD": "B", "DOB": "C"}
    assert table.frame[ROW].to_list() == [4, 6]
