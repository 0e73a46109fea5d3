"""Query counts of the main pages: bounded, and not growing with the number of objects (no N+1).

Each page is opened on the demo council (plan, inspection, audits, voice, board packs, targets)
with a year of measure values, and again after its listed objects are multiplied (cloned rows,
three more years of values): the number of queries must stay the same, and under a ceiling.
"""

from __future__ import annotations

import copy as copy_module
import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import UniqueConstraint
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import signed_in_client

MEASURE = "assessments_45wd_pct"

# page: (path under /c/<code>/, models whose rows the page lists, most queries allowed)
PAGES: dict[str, tuple[str, tuple[str, ...], int]] = {
    "council home": ("", ("plans.Action", "alerts.Alert", "inspections.Inspection"), 55),
    "measures": ("measures/", (), 40),  # grows by three more years of values
    "a measure": (f"measures/{MEASURE}/", (), 40),
    "plan": ("plan/", ("plans.Priority", "plans.Action", "plans.Milestone"), 40),
    "inspections": ("inspections/", ("inspections.Inspection",), 40),
    "audits": ("audits/", ("audits.Audit", "audits.AuditProgramme"), 40),
    "voice": ("voice/", ("voice.Feedback", "voice.YouSaidWeDid"), 40),
    "returns": ("returns/", ("returns.Upload",), 40),
    "alerts": ("alerts/", ("alerts.Alert",), 40),
    "packs": ("packs/", ("packs.Pack",), 40),
}


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Any) -> Any:
    from thrive.councils.models import Council
    from thrive.demo.build import demo_build
    from thrive.demo.people import DEMO_COUNCIL_CODE

    settings.THRIVE_DATA_DIR = tmp_path
    demo_build(password="demo-password-for-tests-1", load_returns=False)
    return Council.objects.get(la_number=DEMO_COUNCIL_CODE)


def _values_add(council: Any, *, years: range) -> None:
    """Monthly values of the headline measures for `years` (what the measure pages chart)."""
    from thrive.measures.models import MeasureValue
    from thrive.metrics import registry

    registry.load()
    MeasureValue.objects.bulk_create(
        MeasureValue(
            council=council,
            measure_id=measure.id,
            period=f"{year}-{month:02d}",
            period_type="month",
            numerator=float(month),
            denominator=20.0,
            value=month / 20.0,
        )
        for measure in registry.measures()[:20]
        for year in years
        for month in range(1, 13)
    )


def _unique_sets(model: Any) -> list[list[str]]:
    sets = [[field.name] for field in model._meta.fields if field.unique and not field.primary_key]
    sets += [list(fields) for fields in model._meta.unique_together]
    sets += [
        list(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint) and constraint.fields
    ]
    return sets


def _perturb(row: Any, fields: list[str], n: int) -> None:
    """Change one plain field of a unique set so the copy is a new, valid row."""
    for name in reversed(fields):
        field = row._meta.get_field(name)
        value = getattr(row, field.attname)
        if field.is_relation or value is None:
            continue
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            setattr(row, field.attname, value + 1000 * n)
        elif isinstance(value, str):
            setattr(row, field.attname, f"{value[: (field.max_length or 99) - 4]}-c{n}")
        elif isinstance(value, dt.datetime | dt.date):
            setattr(row, field.attname, value - dt.timedelta(days=400 * n))
        else:
            continue
        return


def _clone(council: Any, label: str, times: int) -> int:
    """Copy each of the council's rows of `label` `times` times (same links, new ids)."""
    model = apps.get_model(label)
    rows = list(model.objects.filter(council=council))
    for n in range(1, times + 1):
        for row in rows:
            copy = copy_module.copy(row)
            copy.pk = None
            copy.id = None
            copy._state.adding = True
            for fields in _unique_sets(model):
                _perturb(copy, fields, n)
            copy.save()
    return len(rows)


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_queries_do_not_grow_with_the_data(page: str, demo: Any) -> None:
    from thrive.accounts.models import User

    suffix, models, ceiling = PAGES[page]
    path = f"/c/{demo.la_number}/{suffix}"
    _values_add(demo, years=range(2025, 2026))
    client = signed_in_client(Client(), User.objects.get(username="director"))
    client.get(path)  # first open: caches that fill once per process are not the page's cost
    small = _queries(client, path)

    cloned = sum(_clone(demo, label, times=3) for label in models)
    _values_add(demo, years=range(2022, 2025))
    large = _queries(client, path)

    assert small <= ceiling, f"{page}: {small} queries (ceiling {ceiling})"
    assert large == small, f"{page}: {small} queries, then {large} with {cloned} rows cloned x3"
