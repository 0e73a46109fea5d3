"""Background tasks of the plans app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from thrive.plans.notifications import digest_send


@task()
def send_due_digest() -> int:
    """The daily digest of due and overdue plan items; schedule it once a day."""
    return digest_send()
