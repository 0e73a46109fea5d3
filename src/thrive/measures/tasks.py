"""Background work for measures: recompute a council's stored values after an ingest."""

from __future__ import annotations

from django_tasks import task

from thrive.councils.models import Council
from thrive.measures import services


@task()
def measures_recompute(council_id: int) -> int:
    """Recompute every measure for one council; returns the number of values stored."""
    council = Council.objects.get(pk=council_id)
    return services.measures_recompute(council=council).values_written
