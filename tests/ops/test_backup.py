"""Issue 15 item 9: back up a working service, restore it into an empty one, compare everything.

Runs on SQLite and on PostgreSQL (the `database` marker, added by tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from typer.testing import CliRunner

from thrive.backup import crypto, database
from thrive.backup.archive import BackupError
from thrive.backup.services import backup_create, backup_restore, file_roots
from thrive.cli import app
from thrive.councils.models import Council
from thrive.councils.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ssda903_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small synthetic council's newest SSDA903 year (generated once for the module)."""
    out = tmp_path_factory.mktemp("generated") / "council"
    result = CliRunner().invoke(
        app, ["generate", "--out", str(out), "--size", "small", "--years", "1", "--seed", "11"]
    )
    assert result.exit_code == 0, result.output
    return sorted((out / "ssda903").iterdir())[-1]


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _service_build(folder: Path | None) -> None:
    """Two councils with people, returns ingested, a plan, audits, a board paper and a pack."""
    from tests.audits.builders import make_audit, make_programme, submit
    from tests.factories import CouncilFactory, person_with_role
    from tests.plans.factories import make_action, make_plan
    from thrive.governance import services as governance
    from thrive.returns.services import IncomingFile, upload_create, upload_process

    north = CouncilFactory(la_number="990", name="Northbridge")
    CouncilFactory(la_number="991", name="Southmoor")
    analyst = person_with_role(Role.ANALYST, north)
    qa_lead = person_with_role(Role.QA_LEAD, north)
    if folder is not None:
        files = [
            IncomingFile(name=p.name, stream=io.BytesIO(p.read_bytes()), size=p.stat().st_size)
            for p in sorted(folder.iterdir())
        ]
        upload_process(upload=upload_create(council=north, user=analyst, files=files))
    _plan, priority, owner = make_plan(north)
    make_action(north, priority, owner)
    programme = make_programme(north, qa_lead)
    submit(make_audit(programme, qa_lead, child_id="C0001"), qa_lead)
    make_audit(programme, qa_lead, child_id="C0002")
    board = governance.board_create(council=north, name="Improvement Board", kind="improvement")
    meeting = governance.meeting_create(board=board, date=date(2026, 3, 4))
    paper = SimpleUploadedFile("report.pdf", b"%PDF-1.7 board paper\n" * 50)
    governance.paper_add(meeting=meeting, title="Director's report", file=paper)
    packs = Path(settings.THRIVE_DATA_DIR) / "councils" / "990" / "packs"
    packs.mkdir(parents=True, exist_ok=True)
    (packs / "pack-1.pdf").write_bytes(b"%PDF-1.7 pack\n" + bytes(range(256)) * 40)


def _tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, by primary key."""
    snapshot = {}
    for model in database.backed_up_models():
        names = [field.attname for field in model._meta.local_concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*names)
        snapshot[model._meta.db_table] = list(rows)
    return snapshot


def _files() -> dict[str, str]:
    found = {}
    for name, root in file_roots().items():
        for path in sorted(root.rglob("*")) if root.exists() else []:
            if path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[f"{name}/{path.relative_to(root).as_posix()}"] = digest
    return found


def _service_empty(tmp_path: Path) -> None:
    """What a new installation looks like: migrated tables (content types anew) and no files."""
    database.tables_empty()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    aside = tmp_path / "aside"
    for name, root in file_roots().items():
        if root.exists():
            shutil.move(root, aside / name)
    assert database.tables_with_rows() == []
    assert _files() == {}


@pytest.mark.slow
def test_round_trip_restores_every_table_and_file(ssda903_folder: Path, tmp_path: Path) -> None:
    _service_build(ssda903_folder)
    before_tables, before_files = _tables(), _files()
    assert before_tables["returns_submission"] and before_tables["audits_audit"]
    assert any(name.endswith(".parquet") for name in before_files)
    assert any(name.endswith("pseudonym.key") for name in before_files)
    assert any(name.startswith("media/") for name in before_files)
    # Every table in the database is covered (Django's own bookkeeping aside).
    assert set(connection.introspection.table_names()) - set(before_tables) == {"django_migrations"}

    summary = backup_create(out=tmp_path / "service.backup", encrypt=False)
    assert summary.files == len(before_files)
    assert summary.rows == sum(len(rows) for rows in before_tables.values())
    _service_empty(tmp_path)
    assert _tables()["django_content_type"] != before_tables["django_content_type"]

    backup_restore(archive=summary.path, force=False)

    after = _tables()
    for table, rows in before_tables.items():
        assert after[table] == rows, table
    assert _files() == before_files
    key = next(p for p in file_roots()["councils"].rglob("pseudonym.key"))
    assert key.stat().st_mode & 0o077 == 0
    # Ids continue after the restored ones (PostgreSQL's sequences were moved on).
    newest = Council.objects.create(la_number="992", name="Eastfield", is_fictional=True)
    assert newest.pk > max(row[0] for row in before_tables["councils_council"])


def test_encrypted_round_trip_and_wrong_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _service_build(None)
    before_tables, before_files = _tables(), _files()
    monkeypatch.setenv(crypto.KEY_VARIABLE, crypto.new_key())
    summary = backup_create(out=tmp_path / "service.backup", encrypt=True)
    sealed = summary.path.read_bytes()
    assert sealed.startswith(crypto.MAGIC) and b"manifest.json" not in sealed
    assert b"Northbridge" not in sealed
    _service_empty(tmp_path)

    right_key = crypto.key_from_environment()
    monkeypatch.setenv(crypto.KEY_VARIABLE, crypto.new_key())
    with pytest.raises(BackupError, match="does not open this backup"):
        backup_restore(archive=summary.path, force=False)
    assert database.tables_with_rows() == [] and _files() == {}
    monkeypatch.delenv(crypto.KEY_VARIABLE)
    with pytest.raises(BackupError, match="THRIVE_BACKUP_KEY is not set"):
        backup_restore(archive=summary.path, force=False)

    monkeypatch.setenv(crypto.KEY_VARIABLE, crypto.base64.urlsafe_b64encode(right_key).decode())
    backup_restore(archive=summary.path, force=False)
    assert _tables() == before_tables
    assert _files() == before_files


def _rewrite(source: Path, target: Path, change: str, new_bytes: bytes) -> None:
    """Copy an archive, replacing one member's content but keeping the old manifest."""
    with tarfile.open(source) as old, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as new:
        for info in old.getmembers():
            stream = old.extractfile(info)
            assert stream is not None
            data = new_bytes if info.name == change else stream.read()
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def test_altered_archive_is_refused_before_anything_changes(tmp_path: Path) -> None:
    _service_build(None)
    summary = backup_create(out=tmp_path / "service.backup", encrypt=False)
    Council.objects.create(la_number="992", name="Added after the backup", is_fictional=True)
    before_tables, before_files = _tables(), _files()
    with tarfile.open(summary.path) as tar:
        paper = next(name for name in tar.getnames() if name.startswith("files/media/"))
    altered = tmp_path / "altered.backup"
    _rewrite(summary.path, altered, paper, b"%PDF-1.7 a different paper\n")

    with pytest.raises(BackupError, match=rf"checksum differs for {paper}"):
        backup_restore(archive=altered, force=True)
    assert _tables() == before_tables and _files() == before_files

    # An encrypted backup with one byte changed, or cut short, is refused the same way.
    key = crypto.new_key()
    sealed = tmp_path / "sealed.backup"
    with summary.path.open("rb") as source, sealed.open("wb") as target:
        crypto.encrypt_stream(
            source, target, crypto.key_from_environment({"THRIVE_BACKUP_KEY": key})
        )
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped = tmp_path / "flipped.backup"
    flipped.write_bytes(bytes(data))
    cut = tmp_path / "cut.backup"
    cut.write_bytes(sealed.read_bytes()[:-100])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(crypto.KEY_VARIABLE, key)
        with pytest.raises(BackupError, match="damaged or altered"):
            backup_restore(archive=flipped, force=True)
        with pytest.raises(BackupError, match="cut short"):
            backup_restore(archive=cut, force=True)
    assert _tables() == before_tables and _files() == before_files


def test_a_service_with_data_is_replaced_only_with_force(tmp_path: Path) -> None:
    _service_build(None)
    backed_up = _tables()
    summary = backup_create(out=tmp_path / "service.backup", encrypt=False)
    Council.objects.create(la_number="992", name="Added after the backup", is_fictional=True)
    with pytest.raises(BackupError, match=r"runs only on an empty service.*--force"):
        backup_restore(archive=summary.path, force=False)
    assert Council.objects.filter(la_number="992").exists()

    backup_restore(archive=summary.path, force=True)
    assert not Council.objects.filter(la_number="992").exists()
    assert _tables() == backed_up


def test_backup_refuses_links_in_the_data_and_never_overwrites(tmp_path: Path) -> None:
    _service_build(None)
    out = tmp_path / "service.backup"
    out.write_bytes(b"an earlier backup")
    with pytest.raises(BackupError, match="exists already"):
        backup_create(out=out, encrypt=False)
    assert out.read_bytes() == b"an earlier backup"
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("not Thrive's")
    (file_roots()["councils"] / "990" / "link.txt").symlink_to(secret)
    with pytest.raises(BackupError, match=r"link\.txt is a link"):
        backup_create(out=tmp_path / "second.backup", encrypt=False)
    assert not (tmp_path / "second.backup").exists()


def test_command_line_errors_exit_2_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["restore", str(tmp_path / "nothing.backup")])
    assert missing.exit_code == 2
    assert "nothing.backup not found" in " ".join(missing.output.split())
    monkeypatch.delenv(crypto.KEY_VARIABLE, raising=False)
    no_key = runner.invoke(app, ["backup", "--out", str(tmp_path / "b"), "--encrypt"])
    assert no_key.exit_code == 2 and "THRIVE_BACKUP_KEY is not set" in no_key.output
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a backup at all" * 100)
    refused = runner.invoke(app, ["restore", str(junk)])
    assert refused.exit_code == 2 and "not a Thrive backup" in " ".join(refused.output.split())
    assert "Traceback" not in refused.output

    made = runner.invoke(app, ["backup", "--out", str(tmp_path / "ok.backup")])
    assert made.exit_code == 0, made.output
    assert "SHA-256" in made.output and "not encrypted" in made.output
