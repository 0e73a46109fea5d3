"""After an ingest commits, queue one recompute per council (not one per submission).

With the immediate task backend (tests, a bare development server) nothing is queued: a
recompute takes a minute or more and would block the upload request; run `thrive measures
--council CODE --recompute` or the "Recompute" button instead.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

_pending: set[int] = set()


def _background_worker() -> bool:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    return type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__name__ != "ImmediateBackend"


def _flush() -> None:
    from thrive.measures.tasks import measures_recompute

    councils = sorted(_pending)
    _pending.clear()
    for council_id in councils:
        measures_recompute.enqueue(council_id)


def submission_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or not _background_worker():
        return
    first = not _pending
    _pending.add(instance.council_id)
    if first:
        transaction.on_commit(_flush)
