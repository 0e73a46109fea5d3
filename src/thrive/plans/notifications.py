"""The daily email digest: each owner's actions and milestones that are due or overdue, and
the open early-warning alerts sent to them (`thrive.alerts`).

Run it daily with `thrive plan digest`, or enqueue the
`send_due_digest` task (django-tasks; the database backend's worker runs it). In development
the console email backend prints the emails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from thrive.alerts.models import Alert
from thrive.alerts.selectors import open_alerts_for_user
from thrive.councils.models import Council, Membership
from thrive.plans.models import Owner
from thrive.plans.selectors import DueItem, due_and_overdue


@dataclass(frozen=True)
class Digest:
    email: str
    name: str
    items: list[tuple[Council, list[DueItem]]]
    alerts: list[tuple[Council, list[Alert]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(items) for _council, items in self.items)


def digests_build(*, today: date | None = None) -> list[Digest]:
    """One digest per person with an email who owns something due within 14 days or overdue,
    or who has been sent an open early-warning alert."""
    today = today or timezone.localdate()
    digests = []
    owners = (
        Owner.objects.filter(user__isnull=False, user__is_active=True)
        .select_related("user", "council")
        .order_by("user_id", "council__name")
    )
    by_user: dict[int, list[Owner]] = {}
    users: dict[int, Any] = {}
    for owner in owners:
        assert owner.user_id is not None
        by_user.setdefault(owner.user_id, []).append(owner)
        users[owner.user_id] = owner.user
    alerted: dict[int, set[Council]] = {}
    for link in Alert.recipients.through.objects.filter(
        alert__status="open", user__is_active=True
    ).select_related("user", "alert__council"):
        users.setdefault(link.user_id, link.user)
        alerted.setdefault(link.user_id, set()).add(link.alert.council)
    for user_id in sorted(users):
        user = users[user_id]
        owner_rows = by_user.get(user_id, [])
        email = user.email or next((o.email for o in owner_rows if o.email), "")
        if not email:
            continue
        sections = []
        alert_sections = []
        councils = {o.council for o in owner_rows} | alerted.get(user_id, set())
        for council in sorted(councils, key=lambda c: c.name):
            # Someone who has left the council gets nothing from it.
            if not Membership.objects.filter(user=user, council=council).exists():
                continue
            items = due_and_overdue(council=council, user=user, today=today)
            if items:
                sections.append((council, items))
            alerts = open_alerts_for_user(council=council, user=user)
            if alerts:
                alert_sections.append((council, alerts))
        if sections or alert_sections:
            name = user.get_full_name() or user.username
            digests.append(Digest(email=email, name=name, items=sections, alerts=alert_sections))
    return digests


def digest_send(*, today: date | None = None, base_url: str = "") -> int:
    """Send the digests; returns how many emails were sent."""
    today = today or timezone.localdate()
    sent = 0
    for digest in digests_build(today=today):
        overdue = sum(1 for _c, items in digest.items for item in items if item.overdue)
        alerts = sum(len(rows) for _c, rows in digest.alerts)
        parts = []
        if digest.count:
            part = f"{digest.count} plan item{'s' if digest.count != 1 else ''} due"
            parts.append(part + (f", {overdue} overdue" if overdue else ""))
        if alerts:
            parts.append(f"{alerts} measure alert{'s' if alerts != 1 else ''}")
        subject = "Thrive: " + "; ".join(parts)
        body = render_to_string(
            "plans/email/digest.txt",
            {"digest": digest, "today": today, "base_url": base_url.rstrip("/")},
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [digest.email])
        sent += 1
    return sent
