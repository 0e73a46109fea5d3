"""One-time enrolment links: issued by an administrator, used once to set a password and enrol an
authenticator app.

A password alone never lets anyone enrol a device: the set-up page is reached only through a link
whose random token is stored as a SHA-256 hash, bound to one person, expiring after
`THRIVE_ENROLMENT_LINK_HOURS` (default 72) and marked used in the same transaction that confirms
the device. Issue and use are recorded in the model's history and in the `thrive.security` log.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrive.accounts.models import EnrolmentLink, User
from thrive.councils.models import Council

log = logging.getLogger("thrive.security")

DEFAULT_HOURS = 72


class EnrolmentError(ValueError):
    """An enrolment link could not be issued or used; the message says why."""


@dataclass(frozen=True)
class IssuedLink:
    """A link just issued: the stored row and the only copy of the raw token's URL path."""

    link: EnrolmentLink
    path: str
    url: str
    emailed: bool


def link_hours() -> int:
    return int(getattr(settings, "THRIVE_ENROLMENT_LINK_HOURS", DEFAULT_HOURS))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def enrolment_link_issue(
    *,
    user: User,
    purpose: str,
    issued_by: Any | None,
    council: Council | None = None,
    base_url: str = "",
    send_email: bool = True,
) -> IssuedLink:
    """Issue a new link for `user`, replacing any open one; a reset also removes their devices.

    Removing the devices at once means a lost or stolen phone stops working straight away.
    """
    if not user.is_active:
        raise EnrolmentError(f"{user} is deactivated; reactivate them before sending a link.")
    if purpose not in EnrolmentLink.Purpose.values:
        raise EnrolmentError(f"{purpose!r} is not a kind of enrolment link.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        for old in EnrolmentLink.objects.select_for_update().filter(
            user=user, used_at__isnull=True, revoked_at__isnull=True
        ):
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
        # Any device, confirmed or half set up, is replaced by the one enrolled through the link.
        TOTPDevice.objects.filter(user=user).delete()
        link = EnrolmentLink.objects.create(
            user=user,
            council=council,
            purpose=purpose,
            token_hash=token_hash(token),
            issued_by=issued_by if getattr(issued_by, "is_authenticated", False) else None,
            expires_at=now + timedelta(hours=link_hours()),
        )
    path = reverse("accounts:enrol", args=[token])
    url = f"{(base_url or settings.THRIVE_BASE_URL).rstrip('/')}{path}"
    log.info(
        "enrolment link issued",
        extra={
            "event": "enrolment_link_issued",
            "link_id": link.pk,
            "person": user.username,
            "purpose": purpose,
            "issued_by": getattr(issued_by, "username", "") or "command line",
            "council": council.la_number if council else "",
        },
    )
    emailed = bool(send_email and user.email) and _send(user=user, url=url, link=link)
    return IssuedLink(link=link, path=path, url=url, emailed=emailed)


def _send(*, user: User, url: str, link: EnrolmentLink) -> bool:
    where = f" for {link.council.name}" if link.council else ""
    hours = link_hours()
    body = (
        f"Hello {user.get_full_name() or user.username},\n\n"
        f"You have been given access to Thrive{where}. Use this link to set your password and "
        f"set up the authenticator app on your work phone:\n\n{url}\n\n"
        f"The link works once and expires in {hours} hours. Your username is {user.username}.\n"
        "If you were not expecting this email, tell your council's Thrive administrator.\n"
    )
    try:
        sent = send_mail(
            "Set up your Thrive account",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            fail_silently=False,
        )
    except OSError:
        log.warning("enrolment link email failed", extra={"link_id": link.pk})
        return False
    return bool(sent)


def enrolment_link_find(token: str) -> EnrolmentLink | None:
    """The open link for `token` (unused, not replaced, not expired, person active), or None."""
    if not token or len(token) > 100:
        return None
    link = (
        EnrolmentLink.objects.select_related("user", "council")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None:
        log.info(
            "enrolment link refused", extra={"event": "enrolment_link_refused", "why": "unknown"}
        )
        return None
    if link.status != "open" or not link.user.is_active:
        why = link.status if link.user.is_active else "deactivated"
        log.info(
            "enrolment link refused",
            extra={"event": "enrolment_link_refused", "link_id": link.pk, "why": why},
        )
        return None
    return link


def enrolment_device(link: EnrolmentLink) -> TOTPDevice:
    """The unconfirmed device being enrolled through `link` (created once per link)."""
    name = f"Authenticator app (link {link.pk})"
    device = TOTPDevice.objects.filter(user=link.user, confirmed=False, name=name).first()
    if device is None:
        device = TOTPDevice.objects.create(user=link.user, name=name, confirmed=False)
    return device


def enrolment_complete(*, link: EnrolmentLink, device: TOTPDevice, password: str) -> User:
    """Use `link`: set the password, confirm the device, and mark the link used — all or nothing.

    Raises EnrolmentError if the link was used, replaced or expired meanwhile (e.g. two tabs).
    """
    with transaction.atomic():
        fresh = EnrolmentLink.objects.select_for_update().select_related("user").get(pk=link.pk)
        if fresh.status != "open" or not fresh.user.is_active:
            raise EnrolmentError(
                "This link has already been used or has expired. Ask your council's Thrive "
                "administrator for a new one."
            )
        user = fresh.user
        user.set_password(password)
        user.version += 1
        user.save(update_fields=["password", "version"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.name = "Authenticator app"
        device.save(update_fields=["confirmed", "name"])
        fresh.used_at = timezone.now()
        fresh.save(update_fields=["used_at"])
    log.info(
        "enrolment link used",
        extra={"event": "enrolment_link_used", "link_id": fresh.pk, "person": user.username},
    )
    return user
