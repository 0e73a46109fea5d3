"""The backup file format on its own: chunked encryption, member names, the manifest check."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from thrive.backup import crypto
from thrive.backup.archive import MANIFEST, ArchiveWriter, BackupError, archive_unpack

KEY = bytes(range(32))


def _sealed(plain: bytes, key: bytes = KEY) -> bytes:
    target = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(plain), target, key)
    return target.getvalue()


def _opened(sealed: bytes, key: bytes = KEY) -> bytes:
    target = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(sealed), target, key)
    return target.getvalue()


@pytest.mark.parametrize("size", [0, 1, 100, 250, 256, 257, 1000])
def test_encryption_round_trip_over_chunk_edges(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "CHUNK", 64)
    plain = bytes(i % 251 for i in range(size))
    sealed = _sealed(plain)
    assert _opened(sealed) == plain
    assert plain[:32] not in sealed[crypto.HEADER_BYTES :] or size < 32


def test_each_archive_has_its_own_salt() -> None:
    assert (
        _sealed(b"same text")[: crypto.HEADER_BYTES] != _sealed(b"same text")[: crypto.HEADER_BYTES]
    )


def test_wrong_key_is_told_apart_from_damage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "CHUNK", 64)
    sealed = _sealed(b"x" * 300)
    with pytest.raises(crypto.CryptoError, match="wrong key"):
        _opened(sealed, key=bytes(32))
    damaged = bytearray(sealed)
    damaged[crypto.HEADER_BYTES + 10] ^= 0x80
    with pytest.raises(crypto.CryptoError, match="damaged or altered"):
        _opened(bytes(damaged))


def test_cut_reordered_or_extended_files_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "CHUNK", 64)
    sealed = _sealed(bytes(range(200)))
    record = 4 + 64 + crypto.TAG_BYTES
    head, body = sealed[: crypto.HEADER_BYTES], sealed[crypto.HEADER_BYTES :]
    # Dropping the last part (at a record boundary) leaves a file that never ends.
    with pytest.raises(crypto.CryptoError, match="cut short"):
        _opened(head + body[: 3 * record])
    swapped = head + body[record : 2 * record] + body[:record] + body[2 * record :]
    with pytest.raises(crypto.CryptoError, match="damaged or altered"):
        _opened(swapped)
    with pytest.raises(crypto.CryptoError, match="after its last part"):
        _opened(sealed + b"more")
    # A header from another archive does not fit these chunks.
    other = _sealed(bytes(range(200)))[: crypto.HEADER_BYTES]
    with pytest.raises(crypto.CryptoError, match="damaged or altered"):
        _opened(other + body)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "is not set"),
        ("not base64 at all!", "not valid base64"),
        ("c2hvcnQ=", "holds 5 bytes, not 32"),
    ],
)
def test_key_from_environment_explains_a_bad_key(value: str, message: str) -> None:
    with pytest.raises(crypto.CryptoError, match=message):
        crypto.key_from_environment({crypto.KEY_VARIABLE: value})
    assert len(crypto.key_from_environment({crypto.KEY_VARIABLE: crypto.new_key()})) == 32


def _archive(members: dict[str, bytes], manifest_from: dict[str, bytes] | None = None) -> bytes:
    """An archive of `members` whose manifest lists `manifest_from` (default: the members)."""
    listed = io.BytesIO()
    with ArchiveWriter(listed) as writer:
        for name, data in (manifest_from or members).items():
            writer.add_bytes(name, data)
        manifest = writer.finish({})
    if manifest_from is None:
        return listed.getvalue()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        text = io.BytesIO()
        text.write(json.dumps(manifest).encode())
        info = tarfile.TarInfo(MANIFEST)
        info.size = text.tell()
        text.seek(0)
        tar.addfile(info, text)
    return out.getvalue()


def test_unpack_checks_every_member(tmp_path: Path) -> None:
    good = {"database/a.jsonl.gz": b"rows", "files/media/x.pdf": b"paper"}
    manifest = archive_unpack(io.BytesIO(_archive(good)), tmp_path / "ok")
    assert set(manifest["members"]) == set(good)
    assert (tmp_path / "ok" / "files" / "media" / "x.pdf").read_bytes() == b"paper"

    changed = {**good, "files/media/x.pdf": b"other"}
    with pytest.raises(BackupError, match=r"checksum differs for files/media/x\.pdf"):
        archive_unpack(io.BytesIO(_archive(changed, good)), tmp_path / "changed")
    fewer = {"database/a.jsonl.gz": b"rows"}
    with pytest.raises(BackupError, match=r"missing from the archive: files/media/x\.pdf"):
        archive_unpack(io.BytesIO(_archive(fewer, good)), tmp_path / "fewer")
    more = {**good, "files/media/extra.pdf": b"added"}
    with pytest.raises(BackupError, match=r"not in the manifest: files/media/extra\.pdf"):
        archive_unpack(io.BytesIO(_archive(more, good)), tmp_path / "more")


@pytest.mark.parametrize(
    "name", ["../escape", "/etc/passwd", "files/../../x", "files//x", "other/x", "files\\x"]
)
def test_unsafe_member_names_are_refused(name: str, tmp_path: Path) -> None:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        info = tarfile.TarInfo(name)
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(BackupError, match="unsafe or unknown name"):
        archive_unpack(io.BytesIO(out.getvalue()), tmp_path / "staging")
    assert not (tmp_path / "escape").exists() and not (tmp_path / "x").exists()


def test_links_and_non_archives_are_refused(tmp_path: Path) -> None:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        info = tarfile.TarInfo("files/media/link")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(info)
    with pytest.raises(BackupError, match="not a regular file"):
        archive_unpack(io.BytesIO(out.getvalue()), tmp_path / "links")
    with pytest.raises(BackupError, match="not a Thrive backup"):
        archive_unpack(io.BytesIO(b"plain text, not a tar file" * 40), tmp_path / "text")
