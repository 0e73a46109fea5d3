"""Measuring what a zip file (an XLSX/XLSM workbook) really expands to, before anything opens it.

A zip's central directory states each member's compressed and uncompressed size, but a hostile
file can state small sizes and hold a bomb: readers that trust the directory, or stream the
member, then expand it without limit. `measure_zip` therefore decompresses every member itself,
in bounded steps, counting the bytes that really come out, and stops as soon as a limit is
passed, so the check costs at most the limit in CPU and a few hundred KB of memory.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_READ_STEP = 64 * 1024
_OUTPUT_STEP = 256 * 1024
_SMALL_MEMBER = 1024 * 1024
_HEAD = 4096
# Office Open XML never uses a document type: one in an XML part is an entity attack.
_DOCTYPE = (b"<!DOCTYPE", b"<!ENTITY", b"<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E")
_XML_PARTS = (".xml", ".rels", ".vml")


class ArchiveProblem(Exception):
    """The zip is unsafe (`hostile`) or broken; `detail` says which member and why."""

    def __init__(self, detail: str, *, hostile: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.hostile = hostile


@dataclass(frozen=True, slots=True)
class ZipMeasure:
    """The real expanded size of a zip's members, as measured (not as declared)."""

    members: int
    expanded: int


def measure_zip(source: Path | BinaryIO, *, max_total: int, max_ratio: float) -> ZipMeasure:
    """Decompress every member with running caps; never trust the directory's sizes.

    A member is refused when it expands more than `max_ratio` times its compressed size (members
    under 1 MB are exempt: small XML parts compress very well), when it expands to a different
    size than its directory entry declares (a lying directory), or when all members together
    pass `max_total` bytes. Encrypted members and compression methods other than stored and
    deflate (the only ones a workbook uses) are refused too.

    `source` is a path or a seekable binary file (read from its start; left open).

    Raises: ArchiveProblem.
    """
    if isinstance(source, Path):
        try:
            with source.open("rb") as handle:
                return measure_zip(handle, max_total=max_total, max_ratio=max_ratio)
        except OSError as error:
            raise ArchiveProblem(f"it could not be read ({error})", hostile=False) from error
    try:
        source.seek(0)
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ArchiveProblem("it is not a valid zip file", hostile=False) from error
    total = 0
    try:
        for member in members:
            if member.is_dir():
                continue
            total += _measure_member(source, member, max_total - total, max_ratio)
    except ArchiveProblem as problem:
        if problem.detail.startswith("its parts together"):
            detail = f"its parts together expand to more than {max_total / 1024 / 1024:.1f} MB"
            raise ArchiveProblem(detail, hostile=True) from None
        raise
    except (OSError, ValueError, EOFError) as error:  # e.g. an offset before the file's start
        raise ArchiveProblem(f"it could not be read ({error})", hostile=False) from error
    return ZipMeasure(members=len(members), expanded=total)


def _measure_member(handle: BinaryIO, member: zipfile.ZipInfo, room: int, max_ratio: float) -> int:
    """The bytes `member` really expands to (at most `room`, else ArchiveProblem)."""
    name = member.filename
    if member.flag_bits & 0x1:
        raise ArchiveProblem(f"part {name!r} is encrypted", hostile=True)
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        detail = f"part {name!r} uses an unexpected compression method ({member.compress_type})"
        raise ArchiveProblem(detail, hostile=True)
    handle.seek(member.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise ArchiveProblem(f"part {name!r} has a broken header", hostile=False)
    fields = _LOCAL_HEADER.unpack(header)
    handle.seek(fields[-2] + fields[-1], 1)  # the name and extra field
    compressed = max(member.compress_size, 1)
    # Past this many bytes the member's ratio is already too high (small members are exempt).
    ratio_cap = max(int(compressed * max_ratio), _SMALL_MEMBER)
    cap = min(room, ratio_cap)
    remaining = member.compress_size
    produced = 0
    inflater = zlib.decompressobj(-15) if member.compress_type == zipfile.ZIP_DEFLATED else None
    head = bytearray() if name.lower().endswith(_XML_PARTS) else None
    while remaining > 0:
        chunk = handle.read(min(_READ_STEP, remaining))
        if not chunk:
            raise ArchiveProblem(f"part {name!r} is cut short", hostile=False)
        remaining -= len(chunk)
        if inflater is None:
            produced += len(chunk)
            if head is not None and len(head) < _HEAD:
                head += chunk[:_HEAD]
        else:
            produced += _inflate(inflater, chunk, cap - produced, name, head)
        if head is not None and len(head) >= _HEAD:
            _check_head(bytes(head), name)
            head = None
        if produced > cap:
            break
    if head is not None:
        _check_head(bytes(head), name)
    if inflater is not None and produced <= cap:
        produced += len(inflater.flush())
    if produced > room:
        raise ArchiveProblem("its parts together expand past the limit", hostile=True)
    if produced > ratio_cap:
        detail = f"part {name!r} expands more than {max_ratio:.0f} times"
        raise ArchiveProblem(detail, hostile=True)
    if produced != member.file_size:
        detail = (
            f"part {name!r} expands to {produced} bytes but the zip directory says "
            f"{member.file_size}"
        )
        raise ArchiveProblem(detail, hostile=True)
    return produced


def _check_head(head: bytes, name: str) -> None:
    """Refuse an XML part that declares a document type (entities: expansion, external files)."""
    if any(marker in head for marker in _DOCTYPE):
        detail = f"part {name!r} declares XML entities or a document type, which Thrive never reads"
        raise ArchiveProblem(detail, hostile=True)


def _inflate(
    inflater: zlib._Decompress, chunk: bytes, room: int, name: str, head: bytearray | None
) -> int:
    """Bytes `chunk` inflates to, stopping once more than `room` have come out (the first
    bytes of an XML part are kept in `head`)."""
    produced = 0
    data = chunk
    try:
        while data and produced <= room:
            out = inflater.decompress(data, _OUTPUT_STEP)
            if head is not None and len(head) < _HEAD:
                head += out[: _HEAD - len(head)]
            produced += len(out)
            data = inflater.unconsumed_tail
    except zlib.error as error:
        raise ArchiveProblem(f"part {name!r} is corrupt ({error})", hostile=False) from error
    return produced
