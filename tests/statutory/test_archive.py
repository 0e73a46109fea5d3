"""The zip check measures what each part really expands to, not what the directory says."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.fuzz.zips import lying_zip, workbook_bytes, workbook_with_lying_part, zip_bomb
from thrive.statutory.archive import ArchiveProblem, measure_zip
from thrive.statutory.reading import ReadError, SourceFile, check_zip, read_raw

LIMITS = {"max_total": 1024 * 1024 * 1024, "max_ratio": 200}


def _file(tmp_path: Path, data: bytes, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_real_workbook_is_measured_part_by_part(tmp_path: Path) -> None:
    data = workbook_bytes([["CHILD", "DOB"], ["C1", "01/01/2020"]])
    measured = measure_zip(_file(tmp_path, data), **LIMITS)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        declared = sum(info.file_size for info in archive.infolist())
    assert measured.members == len(zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert measured.expanded == declared


def test_a_directory_that_understates_a_small_part_is_hostile(tmp_path: Path) -> None:
    # The directory says 100 bytes (under the 1 MB ratio exemption) but 600 KB come out.
    path = _file(tmp_path, lying_zip(actual=600_000, declared=100))
    with pytest.raises(ArchiveProblem) as caught:
        measure_zip(path, **LIMITS)
    assert caught.value.hostile
    assert "600000 bytes but the zip directory says 100" in caught.value.detail


def test_a_bomb_hidden_behind_a_small_declared_size_is_stopped_early(tmp_path: Path) -> None:
    # 50 MB of spaces declared as 1000 bytes: the old directory-only check let this through.
    path = _file(tmp_path, lying_zip(actual=50_000_000, declared=1000))
    with pytest.raises(ReadError) as caught:
        check_zip(SourceFile.of(path, "lies.xlsx"))
    assert caught.value.issue.rule == "FILE04"
    assert "expands more than 200 times" in caught.value.issue.message


def test_a_workbook_with_a_lying_extra_part_is_refused_before_reading(tmp_path: Path) -> None:
    path = _file(tmp_path, workbook_with_lying_part(actual=900_000, declared=10))
    with pytest.raises(ReadError) as caught:
        read_raw(SourceFile.of(path, "book.xlsx"))
    assert caught.value.issue.rule == "FILE04"
    assert "padding.bin" in caught.value.issue.message


def test_an_honest_bomb_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArchiveProblem, match="expands more than 200 times"):
        measure_zip(_file(tmp_path, zip_bomb(8 * 1024 * 1024)), **LIMITS)


def test_the_running_total_is_capped_across_parts(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for number in range(5):
            archive.writestr(f"part{number}.bin", bytes(range(256)) * 1000)
    path = _file(tmp_path, buffer.getvalue())
    assert measure_zip(path, max_total=2_000_000, max_ratio=200).expanded == 1_280_000
    with pytest.raises(ArchiveProblem, match=r"expand to more than 0\.6 MB") as caught:
        measure_zip(path, max_total=600_000, max_ratio=200)
    assert caught.value.hostile


def test_a_broken_zip_is_unreadable_not_hostile(tmp_path: Path) -> None:
    data = workbook_bytes([["A"]])
    with pytest.raises(ArchiveProblem) as caught:
        measure_zip(_file(tmp_path, b"PK\x03\x04" + b"\x00" * 40), **LIMITS)
    assert not caught.value.hostile
    cut = _file(tmp_path, data[: len(data) // 2] + data[-200:], "cut.xlsx")
    with pytest.raises((ArchiveProblem,)):
        measure_zip(cut, **LIMITS)


def test_an_xml_part_that_declares_a_document_type_is_hostile(tmp_path: Path) -> None:
    from tests.fuzz.hostile import EXTERNAL, _replace_parts

    data = _replace_parts(workbook_bytes([["A"]]), {"xl/sharedStrings.xml": EXTERNAL})
    with pytest.raises(ArchiveProblem, match="declares XML entities") as caught:
        measure_zip(_file(tmp_path, data), **LIMITS)
    assert caught.value.hostile


def test_a_directory_pointing_before_the_file_start_is_unreadable(tmp_path: Path) -> None:
    # Found by the plan-import fuzzer: one deleted byte made a header offset negative.
    data = workbook_bytes([["A"]])[1:]
    with pytest.raises(ArchiveProblem) as caught:
        measure_zip(_file(tmp_path, data), **LIMITS)
    assert not caught.value.hostile
