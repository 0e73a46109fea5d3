"""Measures URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from typing import Any

from tests.url_registry import World, council_kwargs, everyone, only

CHILD_LEVEL = {"admin", "director", "manager", "analyst", "qa_lead", "practitioner", "adviser"}
MANAGERS = {"admin", "analyst"}


def _measure(measure_id: str) -> Any:
    def kwargs(world: World) -> dict[str, str]:
        return {**council_kwargs(world), "measure_id": measure_id}

    return kwargs


URL_KWARGS = {
    "measures:dashboard": council_kwargs,
    "measures:recompute": council_kwargs,
    "measures:population": council_kwargs,
    "measures:measure": _measure("assessments_45wd_pct"),
    "measures:children": _measure("assessments_45wd_pct"),
    "measures:target": _measure("assessments_45wd_pct"),
}


def populate(world: World) -> None:
    from thrive.measures.models import MeasureTarget, MeasureValue, Population

    for council, marker in ((world.council_a, "Marker-A"), (world.council_b, "Marker-B")):
        for month, value in enumerate((80.0, 82.0, 85.0), start=1):
            MeasureValue.objects.create(
                council=council,
                period=f"2026-{month:02d}",
                period_type="month",
                measure_id="assessments_45wd_pct",
                numerator=value,
                denominator=100,
                value=value,
            )
        MeasureValue.objects.create(
            council=council,
            period="2026-03",
            period_type="year",
            measure_id="assessments_45wd_pct",
            numerator=85,
            denominator=100,
            value=85.0,
        )
        MeasureValue.objects.create(
            council=council,
            period="2026-03",
            period_type="year",
            measure_id="assessments_45wd_pct",
            breakdown="ethnicity",
            breakdown_value=f"{marker} group",
            numerator=1,
            denominator=2,
            value=50.0,
        )
        MeasureTarget.objects.create(
            council=council,
            measure_id="assessments_45wd_pct",
            target=90,
            tolerance=5,
            reason=f"{marker} improvement plan",
        )
        Population.objects.create(
            council=council, year=2026, population=10_000, source="analyst", note=marker
        )


PERMISSION_MATRIX = [
    ("measures:dashboard", "GET", everyone(200)),
    ("measures:measure", "GET", everyone(200)),
    ("measures:children", "GET", only(CHILD_LEVEL)),
    ("measures:target", "GET", only(MANAGERS)),
    ("measures:population", "GET", only(MANAGERS)),
    ("measures:recompute", "POST", only(MANAGERS, yes=302)),
    ("measures:recompute", "GET", only(MANAGERS, yes=405)),
]
