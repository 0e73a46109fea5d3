"""Issue 15 item 2: uploaded files (the only raw ids) are deleted after ingest, or kept for the
retention period and purged by `thrive retention`; a failed check keeps nothing."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from thrive.cli import app
from thrive.returns import services, storage
from thrive.returns.models import Upload
from thrive.returns.services import IncomingFile, upload_create, upload_process, uploads_purge


def _create(council: Any, folder: Path) -> Upload:
    files = [
        IncomingFile(name=p.name, stream=io.BytesIO(p.read_bytes()), size=p.stat().st_size)
        for p in sorted(folder.iterdir())
    ]
    return upload_create(council=council, user=None, files=files)


def _age(upload: Upload, days: int) -> None:
    Upload.objects.filter(pk=upload.pk).update(uploaded_at=timezone.now() - dt.timedelta(days=days))


def test_files_are_deleted_once_checked_by_default(
    council_factory: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990")
    upload = _create(council, ssda903_files)
    folder = storage.absolute(upload.storage_dir)
    assert any(folder.iterdir())
    upload = upload_process(upload=upload)
    assert upload.status == Upload.Status.INGESTED
    assert not folder.exists()
    assert upload.files_deleted_at is not None
    assert upload.submissions.exists()  # the record and its version stay
    assert uploads_purge().purged == []  # nothing left to purge


def test_files_are_kept_for_the_retention_period_then_purged(
    council_factory: Any, ssda903_files: Path, settings: Any
) -> None:
    settings.THRIVE_UPLOAD_RETENTION_DAYS = 3
    council = council_factory(la_number="990")
    upload = upload_process(upload=_create(council, ssda903_files))
    folder = storage.absolute(upload.storage_dir)
    assert upload.status == Upload.Status.INGESTED and folder.is_dir()
    assert upload.files_deleted_at is None
    assert uploads_purge().purged == []  # younger than 3 days
    _age(upload, 4)
    report = uploads_purge()
    assert [(p.upload_id, p.la_number, p.files) for p in report.purged] == [
        (upload.pk, "990", len(upload.files))
    ]
    assert not folder.exists()
    upload.refresh_from_db()
    assert upload.files_deleted_at is not None
    assert upload.history.count() >= 2  # the deletion is in the upload's history
    assert uploads_purge().purged == []  # safe to run again


def test_a_failed_check_keeps_nothing_whatever_the_retention(
    council_factory: Any, ssda903_files: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.THRIVE_UPLOAD_RETENTION_DAYS = 30

    def explode(**kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(services, "ingest_runs", explode)
    council = council_factory(la_number="990")
    upload = upload_process(upload=_create(council, ssda903_files))
    assert upload.status == Upload.Status.FAILED
    assert not storage.absolute(upload.storage_dir).exists()
    assert upload.files_deleted_at is not None


def test_an_upload_still_waiting_or_being_checked_is_never_purged(
    council_factory: Any, ssda903_files: Path
) -> None:
    council = council_factory(la_number="990")
    waiting = _create(council, ssda903_files)
    running = _create(council, ssda903_files)
    Upload.objects.filter(pk=running.pk).update(status=Upload.Status.RUNNING)
    _age(waiting, 10)
    _age(running, 10)
    report = uploads_purge()
    assert report.purged == []
    assert report.in_use == [waiting.pk, running.pk]
    assert storage.absolute(waiting.storage_dir).is_dir()
    assert storage.absolute(running.storage_dir).is_dir()
    with pytest.raises(ValueError, match="still being checked"):
        services.upload_files_delete(upload=running)


def test_a_folder_no_upload_owns_goes_once_a_day_old(council_factory: Any) -> None:
    council = council_factory(la_number="990")
    parent = storage.council_dir(council) / "uploads"
    old = parent / "9001"
    new = parent / "9002"
    for folder in (old, new):
        folder.mkdir(parents=True)
        (folder / "header.csv").write_text("CHILD\nC1\n")
    two_days_ago = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(old, (two_days_ago, two_days_ago))
    report = uploads_purge()
    assert [(p.upload_id, p.folder) for p in report.purged] == [(None, "councils/990/uploads/9001")]
    assert not old.exists() and new.is_dir()


def test_thrive_retention_dry_run_then_purge(
    council_factory: Any, ssda903_files: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("thrive.ops_cli.django_setup", lambda: None)  # Django is set up
    settings.THRIVE_UPLOAD_RETENTION_DAYS = 7
    council = council_factory(la_number="990")
    upload = upload_process(upload=_create(council, ssda903_files))
    folder = storage.absolute(upload.storage_dir)
    _age(upload, 8)

    dry = CliRunner().invoke(app, ["retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"Would delete upload {upload.pk} of council 990" in dry.output
    assert "Nothing was deleted" in dry.output
    assert folder.is_dir()

    purge = CliRunner().invoke(app, ["retention"])
    assert purge.exit_code == 0, purge.output
    assert f"Deleted upload {upload.pk} of council 990" in purge.output
    assert "Deleted 1 upload folder" in purge.output and "period of 7 days" in purge.output
    assert not folder.exists()

    again = CliRunner().invoke(app, ["retention"])
    assert "Deleted 0 upload folders (0 files, 0.0 kB)" in again.output


def test_files_of_an_upload_recorded_as_deleted_go_at_once(
    council_factory: Any, ssda903_files: Path, settings: Any
) -> None:
    """E.g. brought back by a restore, or a deletion cut short: never kept for a retention."""
    settings.THRIVE_UPLOAD_RETENTION_DAYS = 30
    council = council_factory(la_number="990")
    upload = _create(council, ssda903_files)
    Upload.objects.filter(pk=upload.pk).update(
        status=Upload.Status.INGESTED, files_deleted_at=timezone.now()
    )
    folder = storage.absolute(upload.storage_dir)
    assert uploads_purge(dry_run=True).purged[0].upload_id == upload.pk
    assert folder.is_dir()  # a dry run deletes nothing
    assert [p.upload_id for p in uploads_purge().purged] == [upload.pk]
    assert not folder.exists()
