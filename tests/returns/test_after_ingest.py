"""What follows an ingest is called by name from the ingest service: one measures recompute."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import override_settings

from thrive.measures import services as measures_services
from thrive.measures import tasks
from thrive.returns.services import IncomingFile, upload_create, upload_process


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(tasks, "measures_recompute", SimpleNamespace(enqueue=calls.append))
    return calls


def _ingest(council: Any, folder: Path) -> Any:
    files = [
        IncomingFile(name=path.name, stream=io.BytesIO(path.read_bytes()), size=path.stat().st_size)
        for path in sorted(folder.iterdir())
    ]
    return upload_process(upload=upload_create(council=council, user=None, files=files))


@override_settings(THRIVE_RECOMPUTE_AFTER_INGEST=True)
def test_a_new_version_queues_one_recompute_after_the_commit(
    council_factory: Any,
    ssda903_files: Path,
    queued: list[int],
    django_capture_on_commit_callbacks: Any,
) -> None:
    council = council_factory(la_number="990")
    with django_capture_on_commit_callbacks(execute=True):
        _ingest(council, ssda903_files)
    assert queued == [council.pk]
    with django_capture_on_commit_callbacks(execute=True):
        _ingest(council, ssda903_files)  # the same files again: nothing new, nothing queued
    assert queued == [council.pk]


def test_the_queue_waits_for_the_commit_and_can_be_switched_off(
    council_factory: Any, queued: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    council = council_factory(la_number="990")
    with override_settings(THRIVE_RECOMPUTE_AFTER_INGEST=True):
        with django_capture_on_commit_callbacks(execute=True):
            measures_services.measures_recompute_queue(council=council)
            assert queued == []
        assert queued == [council.pk]
    with django_capture_on_commit_callbacks(execute=True):
        measures_services.measures_recompute_queue(council=council)
    assert queued == [council.pk]


def test_the_months_board_pack_draft_is_started_once_and_its_author_told(
    council_factory: Any, ssda903_files: Path, person: Any
) -> None:
    from django.core import mail
    from django.utils import timezone

    from thrive.packs.models import Pack

    council = council_factory(la_number="990")
    author = person("analyst", council)
    author.email = "analyst@example.test"
    author.save()
    director = person("director", council)
    director.email = ""  # authors without an email are skipped
    director.save()
    _ingest(council, ssda903_files)
    pack = Pack.objects.get()
    assert pack.as_at == timezone.localdate() and pack.status == "draft"
    assert [m.to for m in mail.outbox] == [["analyst@example.test"]]
    assert f"/c/990/packs/{pack.pk}/" in mail.outbox[0].body
    (ssda903_files / "header.csv").write_text(
        (ssda903_files / "header.csv").read_text().replace("\n", "\r\n")
    )
    _ingest(council, ssda903_files)  # a second version this month: no second draft
    assert Pack.objects.count() == 1 and len(mail.outbox) == 1


def test_a_failing_follow_up_never_fails_the_upload(
    council_factory: Any, ssda903_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thrive.packs import services as pack_services

    def broken(**_kwargs: Any) -> None:
        raise ConnectionError("mail server down")

    monkeypatch.setattr(pack_services, "board_pack_draft_after_ingest", broken)
    upload = _ingest(council_factory(la_number="990"), ssda903_files)
    assert upload.status == "ingested"
