"""Writes for alerts: raise them after a recompute, acknowledge them with a note.

`alerts_raise_after_recompute` is called by name at the end of
`thrive.measures.services.measures_recompute` (never from a model signal).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thrive.alerts.models import Alert, AlertStatus
from thrive.councils.models import Council, Membership
from thrive.councils.roles import Role
from thrive.measures.models import MeasureTarget, MeasureValue, RecomputeRun, SpcSignal

STALE_ALERT = (
    "Someone else changed this alert while you were reading it. Your note has not been saved. "
    "Check the alert below, then acknowledge it again if it is still open."
)
ALREADY_ACKNOWLEDGED = "This alert has already been acknowledged."
NOTE_REQUIRED = "Enter a note saying what is being done about this alert"


class AlertError(ValueError):
    """An alert change was refused; the message says why and what to do."""


def _latest_two(values: list[MeasureValue]) -> tuple[MeasureValue, MeasureValue | None] | None:
    with_values = [v for v in values if v.value is not None]
    if not with_values:
        return None
    return with_values[-1], (with_values[-2] if len(with_values) > 1 else None)


def alert_recipient_ids(*, council: Council, measure_id: str) -> set[int]:
    """Active members of the council who own a plan action linked to the measure, and its
    directors. Owners without a Thrive account (partners) get no alert."""
    from thrive.plans.models import Action

    members = set(
        Membership.objects.filter(council=council, user__is_active=True).values_list(
            "user_id", "role"
        )
    )
    member_ids = {user_id for user_id, _role in members}
    directors = {user_id for user_id, role in members if role == Role.DIRECTOR}
    owners = {
        user_id
        for ids, user_id in Action.objects.for_council(council)
        .filter(owner__user__isnull=False)
        .values_list("measure_ids", "owner__user_id")
        if measure_id in (ids or [])
    }
    return directors | (owners & member_ids)


def alerts_raise_after_recompute(
    *, council: Council, run: RecomputeRun | None = None
) -> list[Alert]:
    """Raise an alert for each measure whose latest month shows special cause of concern or
    has just turned red (the month before was green, amber or had no value); measures with
    year ends only are judged on their latest year end. Once per measure and period, so a
    re-run raises nothing new. Returns the alerts raised now."""
    if run is not None and run.status != RecomputeRun.Status.DONE:
        return []
    rows = (
        MeasureValue.objects.for_council(council)
        .filter(period_type__in=("month", "year"), breakdown="")
        .order_by("measure_id", "period")
    )
    months: dict[str, list[MeasureValue]] = {}
    years: dict[str, list[MeasureValue]] = {}
    for row in rows:
        (months if row.period_type == "month" else years).setdefault(row.measure_id, []).append(row)
    # Monthly measures are judged on their months; year-end-only ones (the workforce census)
    # on their year ends, which carry RAG but no SPC signal.
    series = {**years, **months}
    targets = {t.measure_id: t.target for t in MeasureTarget.objects.for_council(council)}
    existing = set(Alert.objects.for_council(council).values_list("measure_id", "period"))
    raised: list[Alert] = []
    with transaction.atomic():
        for measure_id, values in series.items():
            pair = _latest_two(values)
            if pair is None:
                continue
            latest, previous = pair
            concern = latest.spc_signal == SpcSignal.CONCERN
            turned_red = latest.rag == "red" and (previous is None or previous.rag != "red")
            if not (concern or turned_red) or (measure_id, latest.period) in existing:
                continue
            # get_or_create: a recompute running at the same time may have just raised it.
            alert, created = Alert.objects.get_or_create(
                council=council,
                measure_id=measure_id,
                period=latest.period,
                defaults={
                    "special_cause": concern,
                    "turned_red": turned_red,
                    "value": latest.value,
                    "previous_value": previous.value if previous else None,
                    "target": targets.get(measure_id),
                },
            )
            if not created:
                continue
            recipients = alert_recipient_ids(council=council, measure_id=measure_id)
            if recipients:
                alert.recipients.set(get_user_model().objects.filter(pk__in=recipients))
            raised.append(alert)
    return raised


def alert_acknowledge(*, alert: Alert, user: Any, note: str, expected_version: int) -> Alert:
    """Mark an open alert acknowledged with a note; refused when someone else changed it."""
    note = note.strip()
    if not note:
        raise AlertError(NOTE_REQUIRED)
    with transaction.atomic():
        updated = Alert.objects.filter(
            pk=alert.pk, version=expected_version, status=AlertStatus.OPEN
        ).update(
            status=AlertStatus.ACKNOWLEDGED,
            acknowledged_at=timezone.now(),
            acknowledged_by=user if getattr(user, "pk", None) else None,
            note=note[:4000],
            version=expected_version + 1,
        )
        if not updated:
            current = Alert.objects.get(pk=alert.pk)
            if not current.is_open:
                raise AlertError(ALREADY_ACKNOWLEDGED)
            raise AlertError(STALE_ALERT)
        alert = Alert.objects.get(pk=alert.pk)
        # `update()` skips history; record the change as an ordinary save would.
        alert.save(update_fields=["status"])
    return alert
