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


DEMO_SEED = 990
DEMO_YEARS = 3


def demo_data_load() -> int:
    """Generate Northbridge's synthetic returns once and ingest them; returns versions loaded.

    Nothing happens when Northbridge already has data, so running the demo again is quick.
    """
    import io
    from pathlib import Path

    from django.conf import settings

    from thrive.returns.models import Submission
    from thrive.returns.services import IncomingFile, upload_create, upload_process
    from thrive.synth.generate import GenerateOptions, generate

    council = Council.objects.get(la_number=DEMO_COUNCIL_CODE)
    if Submission.objects.filter(council=council).exists():
        return 0
    folder = Path(settings.THRIVE_DATA_DIR) / "demo" / "northbridge"
    if not folder.exists():
        generate(
            GenerateOptions(out=folder, seed=DEMO_SEED, size="small", years=DEMO_YEARS, force=True)
        )
    files = [
        IncomingFile(
            name=str(path.relative_to(folder)),
            stream=io.BytesIO(path.read_bytes()),
            size=path.stat().st_size,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and path.suffix in {".csv", ".xml", ".xlsx"}
        and path.name != "councils.csv"
    ]
    _demo_population(council, folder)
    upload = upload_process(upload=upload_create(council=council, user=None, files=files))
    return upload.submissions.count()


def _demo_population(council: Council, folder: object) -> None:
    """Rates per 10,000 need the under-18 population: take the generator's, for each year."""
    import csv
    from pathlib import Path

    from thrive.measures.services import population_set

    with (Path(str(folder)) / "councils.csv").open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    for year in range(2020, 2031):
        population_set(
            council=council,
            year=year,
            population=float(row["population_0_17"]),
            source="Synthetic: the generator's under-18 population for this fictional council",
        )


def demo_password() -> str:
    return secrets.token_urlsafe(12)
