"""Reads of alerts: the list page, the board pack's exceptions, a person's digest section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from thrive.alerts.models import Alert, AlertStatus, measure_names
from thrive.councils.models import Council
from thrive.councils.permissions import can
from thrive.councils.roles import Action

__all__ = ["OpenAlert", "alert_list", "can_acknowledge", "measure_names", "open_alerts"]


def alert_list(
    *, council: Council, status: str | None = None, measure_id: str | None = None
) -> QuerySet[Alert]:
    """Alerts newest period first; `status` "open" or "acknowledged", `measure_id` filters."""
    rows = (
        Alert.objects.for_council(council)
        .select_related("acknowledged_by")
        .order_by("-period", "measure_id")
    )
    if status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED):
        rows = rows.filter(status=status)
    if measure_id:
        rows = rows.filter(measure_id=measure_id)
    return rows


def can_acknowledge(user: Any, alert: Alert) -> bool:
    """People sent the alert, and those who change the plan or manage measures."""
    if not can(user, Action.VIEW_AGGREGATE, alert):
        return False
    if can(user, Action.EDIT_PLAN, alert) or can(user, Action.MANAGE_MEASURES, alert):
        return True
    user_id = getattr(user, "pk", None)
    return user_id is not None and alert.recipients.filter(pk=user_id).exists()


@dataclass(frozen=True)
class OpenAlert:
    """One alert as the board pack's exceptions show it (plain values, safe to freeze)."""

    pk: int
    measure_id: str
    measure_name: str
    period: str
    """YYYY-MM of the month that raised it."""
    reasons: tuple[str, ...]
    """Plain-language reasons, e.g. "Turned red against its target"."""
    value: float | None
    previous_value: float | None
    target: float | None
    raised_on: date


def open_alerts(*, council: Council, as_at: date) -> list[OpenAlert]:
    """Alerts raised on or before `as_at` and not acknowledged by the end of that day,
    newest period first, as `list[OpenAlert]` (frozen dataclasses of plain values)."""
    end = timezone.make_aware(datetime.combine(as_at, time.max))
    rows = (
        Alert.objects.for_council(council)
        .filter(raised_at__lte=end)
        .filter(Q(acknowledged_at__isnull=True) | Q(acknowledged_at__gt=end))
        .order_by("-period", "measure_id")
    )
    names = measure_names()
    return [
        OpenAlert(
            pk=row.pk,
            measure_id=row.measure_id,
            measure_name=names.get(row.measure_id, row.measure_id),
            period=row.period,
            reasons=tuple(row.reasons),
            value=row.value,
            previous_value=row.previous_value,
            target=row.target,
            raised_on=timezone.localdate(row.raised_at),
        )
        for row in rows
    ]


def open_alerts_for_user(*, council: Council, user: Any) -> list[Alert]:
    """Open alerts sent to this person in this council (their daily digest)."""
    return list(
        Alert.objects.for_council(council)
        .filter(status=AlertStatus.OPEN, recipients=user)
        .order_by("-period", "measure_id")
    )
