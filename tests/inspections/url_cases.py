"""Inspection URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.url_registry import World, council_kwargs, everyone, only
from thrive.inspections.services import inspection_create, recommendation_add

EDITORS = {"admin", "director", "manager"}
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
DETAIL = READERS - {"councillor"}


def _inspection(council: Any, marker: str) -> Any:
    inspection = inspection_create(
        council=council,
        kind="standard",
        framework="ilacs_2023",
        start_date=date(2026, 2, 2),
        end_date=date(2026, 2, 13),
        publication_date=date(2026, 3, 20),
        summary=f"{marker} findings",
        judgements={"overall": "inadequate"},
    )
    recommendation_add(inspection=inspection, text=f"{marker} recommendation", paragraph="9")
    return inspection


def populate(world: World) -> None:
    inspection = _inspection(world.council_a, "Marker-A")
    _inspection(world.council_b, "Marker-B")
    world.objects["inspection"] = inspection
    world.objects["recommendation"] = inspection.recommendations.get()
    world.objects["clock"] = inspection.clocks.get()


def _pk(key: str) -> Any:
    return lambda world: {**council_kwargs(world), "pk": world.objects[key].pk}


URL_KWARGS = {
    "inspections:inspection-list": council_kwargs,
    "inspections:inspection-add": council_kwargs,
    "inspections:national": council_kwargs,
    "inspections:inspection-detail": _pk("inspection"),
    "inspections:inspection-dates": _pk("inspection"),
    "inspections:recommendation-add": _pk("inspection"),
    "inspections:clock-complete": _pk("clock"),
    "inspections:golden-thread": _pk("recommendation"),
}

PERMISSION_MATRIX = [
    ("inspections:inspection-list", "GET", only(READERS)),
    ("inspections:inspection-detail", "GET", only(READERS)),
    ("inspections:national", "GET", everyone(200)),
    ("inspections:inspection-add", "GET", only(EDITORS)),
    ("inspections:inspection-add", "POST", only(EDITORS)),
    ("inspections:inspection-dates", "GET", only(EDITORS)),
    ("inspections:inspection-dates", "POST", only(EDITORS)),
    ("inspections:recommendation-add", "GET", only(EDITORS)),
    ("inspections:recommendation-add", "POST", only(EDITORS)),
    ("inspections:clock-complete", "GET", only(EDITORS)),
    ("inspections:golden-thread", "GET", only(DETAIL)),
]
