"""Alerts URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from typing import Any

from tests.url_registry import World, council_kwargs, only
from thrive.alerts.models import Alert

READERS = {
    "admin",
    "director",
    "manager",
    "analyst",
    "qa_lead",
    "practitioner",
    "board_member",
    "adviser",
    "councillor",
}
# Those who change the plan or manage measures; recipients too (none in the walking world).
ACKNOWLEDGERS = {"admin", "director", "manager", "analyst"}


def populate(world: World) -> None:
    mine = Alert.objects.create(
        council=world.council_a, measure_id="caseload_avg", period="2026-10", turned_red=True
    )
    Alert.objects.create(
        council=world.council_b,
        measure_id="vacancy_pct",
        period="2026-10",
        special_cause=True,
        note="Marker-B note",
    )
    world.objects["alerts.alert"] = mine


def _alert(world: World) -> dict[str, Any]:
    return {**council_kwargs(world), "pk": world.objects["alerts.alert"].pk}


URL_KWARGS = {
    "alerts:alert-list": council_kwargs,
    "alerts:alert-detail": _alert,
}

PERMISSION_MATRIX = [
    ("alerts:alert-list", "GET", only(READERS)),
    ("alerts:alert-detail", "GET", only(READERS)),
    ("alerts:alert-detail", "POST", only(ACKNOWLEDGERS, yes=200)),
]
