"""Background work for returns: checking and loading an upload."""

from __future__ import annotations

from django_tasks import task

from thrive.returns.models import Upload
from thrive.returns.services import upload_process


@task()
def returns_process_upload(
    upload_id: int,
    return_type: str | None = None,
    year: int | None = None,
    extract_date: str | None = None,
) -> str:
    """Check and load an upload as the return the analyst chose (`return_type`), for the
    collection year (end year) and Annex A extract date (ISO) they gave, if any."""
    import datetime as dt

    upload = Upload.objects.select_related("council").get(pk=upload_id)
    extracted = dt.date.fromisoformat(extract_date) if extract_date else None
    processed = upload_process(
        upload=upload, return_type=return_type, year=year, extract_date=extracted
    )
    return str(processed.status)
