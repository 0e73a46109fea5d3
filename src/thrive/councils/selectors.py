"""Reads for councils: statistical neighbours and the access log."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thrive import reference
from thrive.councils.access import access_log_child_ids
from thrive.councils.models import AccessLogEntry, Council


def council_neighbour_list(*, council: Council) -> list[dict[str, str]]:
    """The council's statistical neighbours with names and regions, closest first."""
    authorities = reference.local_authorities()
    result = []
    for code in council.statistical_neighbours:
        authority = authorities.get(code)
        result.append(
            {
                "la_number": code,
                "name": authority.name if authority else code,
                "region": authority.region if authority else "",
            }
        )
    return result


def access_log_list(
    *,
    council: Council,
    username: str = "",
    child: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.filter(council=council)
    if username:
        entries = entries.filter(username__iexact=username.strip())
    if kind:
        entries = entries.filter(kind=kind)
    if date_from:
        entries = entries.filter(at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    if child:
        # JSON containment is not portable to SQLite, so match the serialised list exactly.
        # The log keeps pseudonyms: a raw id typed here is looked for as its pseudonym too.
        wanted = {child.strip(), *access_log_child_ids(council=council, child_ids=[child])}
        ids = [
            pk
            for pk, children in entries.values_list("pk", "child_ids")
            if not wanted.isdisjoint(children)
        ]
        entries = entries.filter(pk__in=ids)
    return entries.select_related("user")


def _start_of(day: date) -> Any:
    return timezone.make_aware(datetime.combine(day, time.min))
