"""Make a backup of the whole service, and restore one all-or-nothing.

A backup holds every table of every app (`database.py`) and two folders of files: the council
data folder (`<THRIVE_DATA_DIR>/councils`: stored return versions as Parquet, uploads not yet
purged, each council's pseudonymisation key, pack PDFs) and `MEDIA_ROOT` (evidence and board
papers). Caches, collected static files and the SQLite file itself are left out: they are
rebuilt, or are the database the tables come from.

A restore checks every checksum (and, for an encrypted backup, every chunk's tag) into a private
staging folder before it touches the database or the files. It then runs only on an empty
database and empty folders unless `force` is given, because it replaces everything: on a live
service a mistaken restore would otherwise silently throw away all work done since the backup.
The database is replaced in one transaction; the folders are swapped in only after it commits.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from thrive import __version__
from thrive.backup import crypto, database
from thrive.backup.archive import ArchiveWriter, BackupError, archive_unpack
from thrive.returns import storage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupSummary:
    """What a backup or a restore covered."""

    path: Path
    tables: int
    rows: int
    files: int
    encrypted: bool
    sha256: str


def file_roots() -> dict[str, Path]:
    """The folders a backup holds, by their name in the archive."""
    return {"councils": storage.data_root() / "councils", "media": Path(settings.MEDIA_ROOT)}


def _walk(root: Path) -> Iterator[tuple[str, Path]]:
    """Every file under `root` (relative POSIX name, path); links and devices are refused."""
    if root.is_symlink():
        raise BackupError(f"{root} is a symbolic link; back up the folder it points to instead")
    if not root.exists():
        return
    for folder, folders, files in os.walk(root, followlinks=False):
        folders.sort()
        for name in [*folders, *sorted(files)]:
            path = Path(folder) / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode) or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                raise BackupError(
                    f"{path} is a link or a special file: Thrive never writes one, so it was "
                    "put there by hand. Move it out of the data folder and back up again."
                )
        for name in sorted(files):
            path = Path(folder) / name
            yield path.relative_to(root).as_posix(), path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _out_check(out: Path) -> None:
    if out.exists() or out.is_symlink():
        raise BackupError(
            f"{out} exists already; a backup never overwrites a file. Choose a new name"
        )
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    resolved = out.parent.resolve()
    for root in file_roots().values():
        if resolved == root.resolve() or root.resolve() in resolved.parents:
            raise BackupError(
                f"{out} is inside {root}, which the backup copies; write it elsewhere"
            )


def _database_write(writer: ArchiveWriter, scratch: Path, alias: str) -> dict[str, Any]:
    """Dump every table into the archive, from one consistent snapshot."""
    connection = connections[alias]
    tables: dict[str, Any] = {}
    # On PostgreSQL every table is read from one snapshot; a caller's own transaction (a test's)
    # already has one.
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=alias):
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in database.backed_up_models():
            table = model._meta.db_table
            member = f"database/{table}.jsonl.gz"
            dump = scratch / f"{table}.jsonl.gz"
            with dump.open("xb") as target:
                rows = database.table_dump(model, target, alias)
            writer.add_file(member, dump)
            dump.unlink()
            tables[table] = {
                "model": model._meta.label_lower,
                "columns": database.table_columns(model),
                "rows": rows,
                "member": member,
            }
        migrations = database.applied_migrations(alias)
    return {"vendor": connection.vendor, "migrations": migrations, "tables": tables}


def backup_create(*, out: Path, encrypt: bool, alias: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write a backup of every table and the data files to `out` (a new file, mode 0600).

    Raises:
        BackupError: `out` exists or sits inside the data, a file cannot be read, or (with
            `encrypt`) THRIVE_BACKUP_KEY is missing or malformed.
    """
    out = out.absolute()
    _out_check(out)
    try:
        key = crypto.key_from_environment() if encrypt else None
    except crypto.CryptoError as error:
        raise BackupError(str(error)) from error
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".thrive-backup-") as scratch_name:
        scratch = Path(scratch_name)
        plain = scratch / "backup.tar"
        with plain.open("xb") as raw, ArchiveWriter(raw) as writer:
            db = _database_write(writer, scratch, alias)
            counts: dict[str, int] = {}
            for root_name, root in file_roots().items():
                counts[root_name] = 0
                for relative, path in _walk(root):
                    writer.add_file(f"files/{root_name}/{relative}", path)
                    counts[root_name] += 1
            writer.finish(
                {
                    "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                    "thrive_version": __version__,
                    "database": db,
                    "files": counts,
                }
            )
        if key is not None:
            descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with plain.open("rb") as source, os.fdopen(descriptor, "wb") as target:
                crypto.encrypt_stream(source, target, key)
        else:
            os.chmod(plain, 0o600)
            os.link(plain, out)  # fails rather than replace a file made meanwhile
    summary = BackupSummary(
        path=out,
        tables=len(db["tables"]),
        rows=sum(table["rows"] for table in db["tables"].values()),
        files=sum(counts.values()),
        encrypted=key is not None,
        sha256=_sha256(out),
    )
    logger.info(
        "backup written",
        extra={"tables": summary.tables, "rows": summary.rows, "files": summary.files,
               "encrypted": summary.encrypted, "sha256": summary.sha256},
    )  # fmt: skip
    return summary


def _unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Decrypt if need be, extract and verify into `staging/unpacked`; the manifest."""
    unpacked = staging / "unpacked"
    unpacked.mkdir(mode=0o700)
    try:
        with archive.open("rb") as source:
            encrypted = crypto.is_encrypted(source.read(len(crypto.MAGIC)))
            source.seek(0)
            if not encrypted:
                return {**archive_unpack(source, unpacked), "encrypted": False}
            key = crypto.key_from_environment()
            plain = staging / "archive.tar"
            with plain.open("xb") as target:
                crypto.decrypt_stream(source, target, key)
    except crypto.CryptoError as error:
        raise BackupError(f"{archive}: {error}. Nothing was restored.") from error
    except OSError as error:
        raise BackupError(f"cannot read {archive}: {error.strerror}") from error
    with plain.open("rb") as source:
        manifest = archive_unpack(source, unpacked)
    plain.unlink()
    return {**manifest, "encrypted": True}


def _database_ready(alias: str) -> None:
    """Create the tables of a brand-new database; refuse one that is not up to date."""
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[alias]
    if not connection.introspection.table_names():
        call_command("migrate", database=alias, interactive=False, verbosity=0)
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            "the database is not up to date with this Thrive: run `thrive migrate` first (or "
            "restore into a new, empty database). Nothing was restored."
        )


def _schema_check(manifest: dict[str, Any], alias: str) -> None:
    db = manifest.get("database") or {}
    if db.get("migrations") != database.applied_migrations(alias):
        raise BackupError(
            f"the backup was made by Thrive {manifest.get('thrive_version', '?')} with a "
            "different set of database migrations from this database's. Restore it with the "
            "Thrive version that made it (into a database migrated by that version), then "
            "upgrade with `thrive migrate`. Nothing was restored."
        )
    expected = {
        model._meta.db_table: database.table_columns(model) for model in database.backed_up_models()
    }
    listed = {name: table.get("columns") for name, table in (db.get("tables") or {}).items()}
    if listed != expected:
        differ = sorted(set(listed) ^ set(expected)) or sorted(
            name for name in expected if listed.get(name) != expected[name]
        )
        raise BackupError(
            f"the backup's tables do not match this Thrive's ({', '.join(differ[:5])}). "
            "Nothing was restored."
        )


def _emptiness_check(alias: str) -> None:
    full = database.tables_with_rows(alias)
    folders = [str(root) for root in file_roots().values() if any(_walk(root))]
    if full or folders:
        where = []
        if full:
            where.append(f"the database has rows in {len(full)} tables ({', '.join(full[:4])} …)")
        if folders:
            where.append(f"there are files in {' and '.join(folders)}")
        raise BackupError(
            f"{'; '.join(where)}. A restore replaces everything, so it runs only on an empty "
            "service; to replace the data held now, run it again with --force. Nothing was "
            "restored."
        )


def _database_replace(manifest: dict[str, Any], unpacked: Path, alias: str) -> int:
    tables = manifest["database"]["tables"]
    by_table = {model._meta.db_table: model for model in database.backed_up_models()}
    rows = 0
    with transaction.atomic(using=alias):
        database.tables_empty(alias)
        for table, entry in sorted(tables.items()):
            with (unpacked / entry["member"]).open("rb") as source:
                loaded = database.table_load(by_table[table], source, alias)
            if loaded != entry["rows"]:
                raise BackupError(
                    f"table {table}: the manifest says {entry['rows']} rows, the archive holds "
                    f"{loaded}. Nothing was restored."
                )
            rows += loaded
        database.after_load(alias)
    return rows


def _folders_swap(unpacked: Path) -> int:
    """Put the restored folders in place of the current ones; the number of files."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
    count = 0
    for name, target in file_roots().items():
        staged = unpacked / "files" / name
        count += sum(1 for _ in _walk(staged))
        previous = target.with_name(f".{target.name}-before-restore-{stamp}")
        if target.exists():
            target.rename(previous)
        if staged.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staged, target)
        if previous.exists():
            shutil.rmtree(previous)
    return count


def backup_restore(*, archive: Path, force: bool, alias: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Replace the database and the data folders with a backup's, after checking all of it.

    Raises:
        BackupError: the archive is missing, altered, damaged, encrypted under another key, or
            from another schema; or the service holds data and `force` is not given.
    """
    archive = archive.absolute()
    if not archive.is_file():
        raise BackupError(f"{archive} not found (give the path of a file made by thrive backup)")
    root = storage.data_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".restore-"))
    try:
        manifest = _unpack(archive, staging)
        _database_ready(alias)
        _schema_check(manifest, alias)
        if not force:
            _emptiness_check(alias)
        rows = _database_replace(manifest, staging / "unpacked", alias)
        files = _folders_swap(staging / "unpacked")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary = BackupSummary(
        path=archive,
        tables=len(manifest["database"]["tables"]),
        rows=rows,
        files=files,
        encrypted=manifest["encrypted"],
        sha256=_sha256(archive),
    )
    logger.warning(
        "backup restored",
        extra={"archive": str(archive), "created_at": manifest.get("created_at"),
               "rows": rows, "files": files, "forced": force},
    )  # fmt: skip
    return summary
