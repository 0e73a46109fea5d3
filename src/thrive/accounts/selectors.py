"""Reads behind the people pages: the people of one council, with role and set-up status."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrive.accounts.models import EnrolmentLink, User
from thrive.councils.models import Council, Membership


@dataclass(frozen=True)
class PersonRow:
    user: User
    membership: Membership
    status: str
    link: EnrolmentLink | None  # the open enrolment link, if any

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.username


def _status(user: User, has_device: bool, link: EnrolmentLink | None) -> str:
    if not user.is_active:
        return "Deactivated"
    if link is not None:
        return "Invited" if link.purpose == EnrolmentLink.Purpose.INVITE else "Set-up link sent"
    if has_device:
        return "Active"
    return "Not set up"


def _rows(memberships: list[Membership]) -> list[PersonRow]:
    users = [m.user_id for m in memberships]
    with_device = set(
        TOTPDevice.objects.filter(user_id__in=users, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    links: dict[int, EnrolmentLink] = {}
    for link in EnrolmentLink.objects.filter(
        user_id__in=users,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("issued_at"):
        links[link.user_id] = link
    return [
        PersonRow(
            user=m.user,
            membership=m,
            status=_status(m.user, m.user_id in with_device, links.get(m.user_id)),
            link=links.get(m.user_id),
        )
        for m in memberships
    ]


def people_in(council: Council) -> list[PersonRow]:
    """Everyone with a role in `council`, by name."""
    memberships = list(
        Membership.objects.filter(council=council)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    return _rows(memberships)


def person_in(council: Council, user_id: int) -> PersonRow | None:
    """One person of `council`, or None (including anyone who belongs only to another)."""
    membership = (
        Membership.objects.filter(council=council, user_id=user_id).select_related("user").first()
    )
    return None if membership is None else _rows([membership])[0]
