"""Packs URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.url_registry import World, council_kwargs, only
from thrive.packs import services
from thrive.plans.models import Plan, PlanStatus
from thrive.plans.services import plan_create, priority_create

AUTHORS = {"admin", "director", "manager", "analyst"}
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


def populate(world: World) -> None:
    issued = services.pack_create(council=world.council_a, as_at=date(2026, 10, 31), user=None)
    services.pack_commentary_set(
        pack=issued, key="headlines", text="Marker-A commentary", revision=issued.revision
    )
    issued.refresh_from_db()
    issued = services.pack_issue(pack=issued, user=None, revision=issued.revision)
    draft = services.pack_create(council=world.council_a, as_at=date(2026, 11, 30), user=None)
    other = services.pack_create(council=world.council_b, as_at=date(2026, 11, 30), user=None)
    services.pack_commentary_set(
        pack=other, key="headlines", text="Marker-B commentary", revision=other.revision
    )
    # An issued evidence pack on a priority of a closed plan (the plans app's plan stays active).
    plan = plan_create(council=world.council_a, title="Packs earlier plan")
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.CLOSED)
    priority = priority_create(plan=plan, title="Care leavers")
    evidence = services.pack_create(
        council=world.council_a,
        as_at=date(2026, 11, 30),
        user=None,
        kind="evidence",
        priority=priority,
    )
    evidence = services.pack_issue(pack=evidence, user=None, revision=evidence.revision)
    world.objects.update({"packs.issued": issued, "packs.draft": draft, "packs.evidence": evidence})


def _pack(key: str) -> Any:
    return lambda w: {**council_kwargs(w), "pk": w.objects[key].pk}


URL_KWARGS = {
    "packs:pack-list": council_kwargs,
    "packs:pack-create": council_kwargs,
    "packs:pack-detail": _pack("packs.issued"),
    "packs:pack-pdf": _pack("packs.issued"),
    "packs:pack-html": _pack("packs.issued"),
    "packs:pack-issue": _pack("packs.draft"),
    "packs:pack-commentary": lambda w: {**_pack("packs.draft")(w), "key": "headlines"},
    "packs:pack-children": _pack("packs.evidence"),
}
# Roles that may see children: the list behind an evidence pack or self-evaluation.
CHILD_READERS = READERS - {"board_member", "councillor"}

PERMISSION_MATRIX = [
    ("packs:pack-list", "GET", only(READERS)),
    ("packs:pack-create", "GET", only(AUTHORS)),
    ("packs:pack-detail", "GET", only(READERS)),
    ("packs:pack-pdf", "GET", only(READERS)),
    ("packs:pack-html", "GET", only(READERS)),
    ("packs:pack-issue", "POST", only(AUTHORS, yes=302)),
    ("packs:pack-commentary", "POST", only(AUTHORS, yes=302)),
    ("packs:pack-children", "GET", only(CHILD_READERS)),
]
