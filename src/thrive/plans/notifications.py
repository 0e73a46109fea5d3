"""The daily email digest: each owner's actions and milestones that are due or overdue.

Run it daily with `thrive plan digest`, or enqueue the
`send_due_digest` task (django-tasks; the database backend's worker runs it). In development
the console email backend prints the emails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from thrive.councils.models import Council, Membership
from thrive.plans.models import Owner
from thrive.plans.selectors import DueItem, due_and_overdue


@dataclass(frozen=True)
class Digest:
    email: str
    name: str
    items: list[tuple[Council, list[DueItem]]]

    @property
    def count(self) -> int:
        return sum(len(items) for _council, items in self.items)


def digests_build(*, today: date | None = None) -> list[Digest]:
    """One digest per person with an email who owns something due within 14 days or overdue."""
    today = today or timezone.localdate()
    digests = []
    owners = (
        Owner.objects.filter(user__isnull=False, user__is_active=True)
        .select_related("user", "council")
        .order_by("user_id", "council__name")
    )
    by_user: dict[int, list[Owner]] = {}
    for owner in owners:
        assert owner.user_id is not None
        by_user.setdefault(owner.user_id, []).append(owner)
    for owner_rows in by_user.values():
        user = owner_rows[0].user
        assert user is not None
        email = user.email or next((o.email for o in owner_rows if o.email), "")
        if not email:
            continue
        sections = []
        for council in sorted({o.council for o in owner_rows}, key=lambda c: c.name):
            # Someone who has left the council gets nothing from it.
            if not Membership.objects.filter(user=user, council=council).exists():
                continue
            items = due_and_overdue(council=council, user=user, today=today)
            if items:
                sections.append((council, items))
        if sections:
            name = user.get_full_name() or user.username
            digests.append(Digest(email=email, name=name, items=sections))
    return digests


def digest_send(*, today: date | None = None, base_url: str = "") -> int:
    """Send the digests; returns how many emails were sent."""
    today = today or timezone.localdate()
    sent = 0
    for digest in digests_build(today=today):
        overdue = sum(1 for _c, items in digest.items for item in items if item.overdue)
        subject = f"Thrive: {digest.count} plan item{'s' if digest.count != 1 else ''} due"
        if overdue:
            subject += f", {overdue} overdue"
        body = render_to_string(
            "plans/email/digest.txt",
            {"digest": digest, "today": today, "base_url": base_url.rstrip("/")},
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [digest.email])
        sent += 1
    return sent
