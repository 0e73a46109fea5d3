from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from thrive.measures import signals

pytestmark = pytest.mark.django_db


def test_one_recompute_is_queued_per_council_after_the_ingest_commits(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    queued: list[int] = []
    monkeypatch.setattr(signals, "_background_worker", lambda: True)
    from thrive.measures import tasks

    monkeypatch.setattr(tasks, "measures_recompute", SimpleNamespace(enqueue=queued.append))
    with django_capture_on_commit_callbacks(execute=True):
        for council_id in (7, 7, 8):  # three submissions from one upload
            signals.submission_saved(None, SimpleNamespace(council_id=council_id), created=True)
        assert queued == []  # nothing before the commit
    assert queued == [7, 8]


def test_nothing_is_queued_without_a_task_worker(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    queued: list[int] = []
    from thrive.measures import tasks

    monkeypatch.setattr(tasks, "measures_recompute", SimpleNamespace(enqueue=queued.append))
    with django_capture_on_commit_callbacks(execute=True):
        signals.submission_saved(None, SimpleNamespace(council_id=7), created=True)
        signals.submission_saved(None, SimpleNamespace(council_id=9), created=False)
    assert queued == []
