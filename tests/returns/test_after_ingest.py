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
