"""The demo: fictional councils and one person for every role, ready to sign in."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrive.councils.models import Council, Membership
from thrive.councils.roles import CHILD_LEVEL_ROLES, Role
from thrive.councils.services import council_add, membership_set

DEMO_COUNCIL_CODE = "990"
DEMO_COUNCIL_NAME = "Northbridge"
DEMO_COUNCIL_REGION = "North West"
SECOND_COUNCIL_CODE = "991"
SECOND_COUNCIL_NAME = "Southmoor"
SECOND_COUNCIL_REGION = "North West"

DEMO_PEOPLE: list[tuple[str, str, str, Role]] = [
    ("admin", "Alex", "Admin", Role.ADMIN),
    ("director", "Dana", "Director", Role.DIRECTOR),
    ("manager", "Morgan", "Manager", Role.MANAGER),
    ("analyst", "Ash", "Analyst", Role.ANALYST),
    ("qalead", "Quinn", "QA Lead", Role.QA_LEAD),
    ("practitioner", "Priya", "Practitioner", Role.PRACTITIONER),
    ("boardmember", "Blake", "Board Member", Role.BOARD_MEMBER),
    ("adviser", "Avery", "Adviser", Role.ADVISER),
    ("councillor", "Cameron", "Councillor", Role.COUNCILLOR),
    ("regional", "Riley", "Regional Analyst", Role.REGIONAL_ANALYST),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    needs_code: bool


def _council(code: str, name: str, region: str) -> Council:
    existing = Council.objects.filter(la_number=code).first()
    return existing or council_add(code=code, name=name, region=region)


@transaction.atomic
def demo_setup(*, password: str) -> list[DemoLogin]:
    """Create (or refresh) the demo councils and users. Safe to run again."""
    northbridge = _council(DEMO_COUNCIL_CODE, DEMO_COUNCIL_NAME, DEMO_COUNCIL_REGION)
    southmoor = _council(SECOND_COUNCIL_CODE, SECOND_COUNCIL_NAME, SECOND_COUNCIL_REGION)
    user_model = get_user_model()
    logins = []
    for username, first, last, role in DEMO_PEOPLE:
        user, _ = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@northbridge.example",
            },
        )
        user.set_password(password)
        user.save()
        membership_set(user=user, council=northbridge, role=role)
        if role is Role.ADMIN:
            # One person in two councils shows the council switcher.
            membership_set(user=user, council=southmoor, role=role)
        needs_code = role in CHILD_LEVEL_ROLES
        if needs_code and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
        logins.append(DemoLogin(username=username, role=role.label, needs_code=needs_code))
    return logins


class DemoCodeError(ValueError):
    pass


def demo_code(*, username: str) -> str:
    """The current TOTP code of a demo user (fictional councils only), for trying the demo."""
    from django_otp.oath import totp

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DemoCodeError(f"There is no user called {username!r}.")
    memberships = Membership.objects.filter(user=user).select_related("council")
    if user.is_superuser or not memberships or any(not m.council.is_fictional for m in memberships):
        raise DemoCodeError(
            f"{username} is not a demo user: codes are only shown for people whose every "
            "council is fictional."
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise DemoCodeError(f"{username} has no authenticator set up.")
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def demo_password() -> str:
    return secrets.token_urlsafe(12)
