"""The backup archive: a tar file whose manifest holds the SHA-256 and size of every member.

Members are `database/<table>.jsonl.gz` (one per table), `files/<root>/<path>` (the data
files) and `manifest.json`, written last. Reading extracts into a private staging folder while
hashing, then compares every member with the manifest: a member missing, added, changed or
renamed, a link or a device, a name that climbs out of its folder, or a manifest that is not
Thrive's stops the restore before anything outside the staging folder is touched.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

MANIFEST = "manifest.json"
FORMAT = "thrive-backup"
FORMAT_VERSION = 1
PREFIXES = ("database/", "files/")
MANIFEST_LIMIT = 64 * 1024 * 1024
_COPY_BLOCK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made, or an archive cannot be restored; the message says why."""


@dataclass(frozen=True)
class Member:
    """One archive member as recorded in the manifest."""

    sha256: str
    size: int


class _HashingReader:
    """Reads exactly `size` bytes of a file, hashing them (for tarfile's copy)."""

    def __init__(self, stream: BinaryIO, size: int, name: str) -> None:
        self._stream, self._left, self._name = stream, size, name
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        wanted = self._left if size < 0 else min(size, self._left)
        data = self._stream.read(wanted)
        if len(data) < wanted:
            raise BackupError(f"{self._name} became shorter while it was being backed up")
        self._left -= len(data)
        self.digest.update(data)
        return data


class ArchiveWriter:
    """Writes members to a tar stream, recording each one's checksum for the manifest."""

    def __init__(self, target: BinaryIO) -> None:
        # Closed by finish() or on leaving the writer's `with` block.
        self._tar = tarfile.open(fileobj=target, mode="w|", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        self.members: dict[str, Member] = {}

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # After an error, close the tar stream while its file is still open (finish() has
        # already closed it otherwise; closing twice does nothing).
        self._tar.close()

    def _info(self, name: str, size: int, mode: int = 0o600) -> tarfile.TarInfo:
        member_name_check(name)
        if name in self.members:
            raise BackupError(f"{name} would be stored twice")
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.type = size, mode, tarfile.REGTYPE
        return info

    def add_file(self, name: str, path: Path) -> None:
        """Add a regular file (never following a link) under `name`."""
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as error:
            raise BackupError(f"cannot read {path}: {error.strerror}") from error
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise BackupError(f"{path} is not a regular file")
            info = self._info(name, status.st_size, stat.S_IMODE(status.st_mode) & 0o755)
            reader = _HashingReader(stream, status.st_size, str(path))
            try:
                self._tar.addfile(info, reader)
            except OSError as error:
                raise BackupError(f"cannot write the backup: {error}") from error
        self.members[name] = Member(reader.digest.hexdigest(), status.st_size)

    def add_bytes(self, name: str, data: bytes) -> None:
        self._tar.addfile(self._info(name, len(data)), io.BytesIO(data))
        self.members[name] = Member(hashlib.sha256(data).hexdigest(), len(data))

    def finish(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """Write the manifest (the given fields plus every member's checksum) and close."""
        whole = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            **manifest,
            "members": {
                name: {"sha256": member.sha256, "size": member.size}
                for name, member in sorted(self.members.items())
            },
        }
        data = json.dumps(whole, indent=1, sort_keys=True).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        self._tar.addfile(info, io.BytesIO(data))
        self._tar.close()
        return whole


def member_name_check(name: str) -> PurePosixPath:
    """The member's path, if it is a plain relative path under one of our folders.

    Raises:
        BackupError: an absolute path, `..`, an empty part, a backslash or an unknown folder.
    """
    path = PurePosixPath(name)
    bad_part = any(part in {"", ".", ".."} for part in name.split("/"))
    if (
        path.is_absolute()
        or bad_part
        or "\\" in name
        or "\x00" in name
        or not name.startswith(PREFIXES)
    ):
        raise BackupError(f"the archive holds a member with an unsafe or unknown name: {name!r}")
    return path


def archive_unpack(source: BinaryIO, staging: Path) -> dict[str, Any]:
    """Extract every member into `staging`, check each against the manifest; the manifest.

    Raises:
        BackupError: the archive is not a Thrive backup, is damaged, or was altered.
    """
    seen: dict[str, Member] = {}
    manifest_bytes: bytes | None = None
    try:
        with tarfile.open(fileobj=source, mode="r|") as tar:
            for info in tar:
                if info.name in seen or (info.name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(f"the archive holds {info.name!r} twice (altered)")
                if not info.isreg():
                    raise BackupError(
                        f"the archive holds {info.name!r}, which is not a regular file "
                        "(a link, folder or device): refused"
                    )
                stream = tar.extractfile(info)
                assert stream is not None  # a regular file always has content
                if info.name == MANIFEST:
                    if info.size > MANIFEST_LIMIT:
                        raise BackupError("the archive's manifest is implausibly large (altered)")
                    manifest_bytes = stream.read()
                    continue
                relative = member_name_check(info.name)
                seen[info.name] = _extract(stream, staging / relative, info.mode)
    except (tarfile.TarError, EOFError) as error:
        raise BackupError(f"this is not a Thrive backup, or it is damaged ({error})") from error
    if manifest_bytes is None:
        raise BackupError("the archive has no manifest.json: not a Thrive backup, or cut short")
    manifest = _manifest_parse(manifest_bytes)
    _members_compare(manifest["members"], seen)
    return manifest


def _extract(stream: IO[bytes], target: Path, mode: int) -> Member:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest, size = hashlib.sha256(), 0
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        while block := stream.read(_COPY_BLOCK):
            digest.update(block)
            size += len(block)
            out.write(block)
    os.chmod(target, (mode & 0o755) | 0o600)
    return Member(digest.hexdigest(), size)


def _manifest_parse(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError("the archive's manifest.json is not readable JSON (altered)") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("the archive's manifest is not a Thrive backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"this backup has format version {manifest.get('format_version')!r}; this Thrive "
            f"reads version {FORMAT_VERSION}. Restore it with the Thrive version that made it."
        )
    if not isinstance(manifest.get("members"), dict):
        raise BackupError("the archive's manifest lists no members (altered)")
    return manifest


def _members_compare(listed: dict[str, Any], seen: dict[str, Member]) -> None:
    missing = sorted(set(listed) - set(seen))
    extra = sorted(set(seen) - set(listed))
    changed = sorted(
        name
        for name in set(listed) & set(seen)
        if not isinstance(listed[name], dict)
        or listed[name].get("sha256") != seen[name].sha256
        or listed[name].get("size") != seen[name].size
    )
    problems = []
    if changed:
        problems.append(f"checksum differs for {_some(changed)}")
    if missing:
        problems.append(f"missing from the archive: {_some(missing)}")
    if extra:
        problems.append(f"not in the manifest: {_some(extra)}")
    if problems:
        raise BackupError(
            "the archive does not match its manifest, so it was damaged or altered: "
            + "; ".join(problems)
            + ". Nothing was restored."
        )


def _some(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
