"""Child process of `thrive bench web` (see thrive.web.loadbench): builds the council to load.

Runs with the load test's own PostgreSQL database and data folder (production settings, DEBUG
off). It migrates, collects the static files, generates a medium council for Northbridge (the
demo's fictional council) and builds the demo on it through the same services as `thrive demo`:
returns ingested, inspection, plan, targets and measures computed. Then it adds the simulated
people, each with a confirmed authenticator, and prints what the load driver needs to sign them
in as one JSON line: usernames, the shared password and each person's TOTP key (hex). Every value
is synthetic and the database is dropped when the run ends.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import time

import django

# The people the load test signs in: roles that use every common page, in this proportion.
LOAD_ROLES = ("analyst", "manager", "director", "qa_lead", "admin")
# The measure page the load test opens (a headline measure); any computed one if it is missing.
PREFERRED_MEASURE = "assessments_45wd_pct"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--size", default="medium")
    arguments = parser.parse_args(argv)
    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    _say(f"migrated in {time.perf_counter() - started:.0f} s")
    password = secrets.token_urlsafe(16)
    _council_build(size=arguments.size, password=password)
    users = _people_add(count=arguments.users, password=password)
    print(json.dumps(_summary(password=password, users=users)))


def _say(message: str) -> None:
    print(f"[setup] {message}", file=sys.stderr, flush=True)


def _council_build(*, size: str, password: str) -> None:
    """Generate a council of `size` where the demo looks for Northbridge's files, then build it."""
    from pathlib import Path

    from django.conf import settings

    from thrive.demo.build import demo_build
    from thrive.demo.returns import DEMO_SEED, DEMO_YEARS
    from thrive.synth.generate import GenerateOptions, generate

    started = time.perf_counter()
    folder = Path(settings.THRIVE_DATA_DIR) / "demo" / "northbridge"
    generate(GenerateOptions(out=folder, seed=DEMO_SEED, size=size, years=DEMO_YEARS, force=True))
    _say(f"generated a {size} council in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    built = demo_build(password=password, say=_say)
    _say(
        f"built the demo in {time.perf_counter() - started:.0f} s: {built.versions_loaded} "
        f"versions, {built.measure_values_stored} measure values"
    )


def _people_add(*, count: int, password: str) -> list[dict[str, str]]:
    """`count` people in Northbridge, LOAD_ROLES in turn, each with a confirmed authenticator."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from thrive.councils.models import Council
    from thrive.councils.services import membership_set
    from thrive.demo.people import DEMO_COUNCIL_CODE

    council = Council.objects.get(la_number=DEMO_COUNCIL_CODE)
    encoded = make_password(password)  # hashed once: the production hasher is slow on purpose
    users = []
    for number in range(1, count + 1):
        username = f"load{number:03d}"
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                "first_name": "Load",
                "last_name": f"Tester {number}",
                "email": f"{username}@northbridge.example",
                "password": encoded,
            },
        )
        membership_set(user=user, council=council, role=LOAD_ROLES[(number - 1) % len(LOAD_ROLES)])
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="Load test", confirmed=True)
        users.append({"username": username, "totp_key": device.key})
    return users


def _summary(*, password: str, users: list[dict[str, str]]) -> dict[str, object]:
    from thrive.demo.people import DEMO_COUNCIL_CODE
    from thrive.measures.models import MeasureValue

    values = MeasureValue.objects.filter(council__la_number=DEMO_COUNCIL_CODE)
    measure = PREFERRED_MEASURE
    if not values.filter(measure_id=measure).exists():
        measure = values.order_by("measure_id").values_list("measure_id", flat=True).first() or ""
    return {
        "council": DEMO_COUNCIL_CODE,
        "measure": measure,
        "password": password,
        "users": users,
    }


if __name__ == "__main__":
    main()
