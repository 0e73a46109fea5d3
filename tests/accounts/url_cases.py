"""People pages and the enrolment link for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from typing import Any

from tests.factories import person_with_role
from tests.url_registry import World, council_kwargs, everyone, only

ADMINS = {"admin"}


def populate(world: World) -> None:
    mine = person_with_role("manager", world.council_a, username="people-a-person")
    mine.first_name, mine.last_name = "Alex", "Marker-A-Person"
    mine.save()
    theirs = person_with_role("manager", world.council_b, username="people-b-person")
    theirs.first_name, theirs.last_name = "Bea", "Marker-B-Person"
    theirs.save()
    world.objects["people.person"] = mine


def _person(world: World) -> dict[str, Any]:
    return {**council_kwargs(world), "pk": world.objects["people.person"].pk}


URL_KWARGS = {
    "people:list": council_kwargs,
    "people:invite": council_kwargs,
    "people:detail": _person,
    "people:change": _person,
    "people:remove": _person,
    "people:reset": _person,
    # A token that was never issued: the page says the link does not work, to everyone.
    "accounts:enrol": lambda world: {"token": "never-issued-token"},
}

# The enrolment page is reached signed out (the link is the credential).
PUBLIC_URLS = {"accounts:enrol"}

PERMISSION_MATRIX = [
    ("people:list", "GET", only(ADMINS)),
    ("people:invite", "GET", only(ADMINS)),
    ("people:invite", "POST", only(ADMINS)),  # empty form: errors shown, nothing written
    ("people:detail", "GET", only(ADMINS)),
    ("people:change", "GET", only(ADMINS)),
    ("people:change", "POST", only(ADMINS)),
    ("people:remove", "GET", only(ADMINS)),
    ("people:remove", "POST", only(ADMINS)),  # no version: the confirmation page again
    ("people:reset", "GET", only(ADMINS)),
    ("people:reset", "POST", only(ADMINS)),
    ("accounts:enrol", "GET", everyone(404)),
]
