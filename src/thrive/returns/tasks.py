"""Background work for returns: checking and loading an upload."""

from __future__ import annotations

from django_tasks import task

from thrive.returns.models import Upload
from thrive.returns.services import upload_process


@task()
def returns_process_upload(upload_id: int, return_type: str | None = None) -> str:
    """Check and load an upload as the return the analyst chose (`return_type`)."""
    upload = Upload.objects.select_related("council").get(pk=upload_id)
    return str(upload_process(upload=upload, return_type=return_type).status)
