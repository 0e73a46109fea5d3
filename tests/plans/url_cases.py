"""Plan URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.url_registry import World, council_kwargs, only
from thrive.plans.models import Evidence
from thrive.plans.services import (
    milestone_add,
    owner_get_or_create,
    plan_action_create,
    plan_create,
    priority_create,
    progress_update_add,
)

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
OWNER_ROLES = {"qa_lead", "practitioner", "board_member"}


def _plan(council: Any, marker: str, recommendation: Any = None) -> dict[str, Any]:
    plan = plan_create(council=council, title=f"{marker} improvement plan")
    priority = priority_create(plan=plan, title=f"{marker} priority")
    owner = owner_get_or_create(council=council, name=f"{marker} Owner", organisation="Police")
    action = plan_action_create(
        council=council,
        priority=priority,
        title=f"{marker} action",
        owner=owner,
        start_date=date(2026, 1, 5),
        due_date=date(2026, 2, 27),
        recommendation=recommendation,
        source_type="inspection_recommendation" if recommendation else "",
    )
    milestone = milestone_add(action=action, title=f"{marker} milestone", due_date=date(2026, 2, 1))
    update = progress_update_add(
        action=action,
        text=f"{marker} update",
        status_after="in_progress",
        by=None,
        links=[(f"{marker} paper", "https://example.test/paper")],
    )
    evidence = Evidence.objects.get(update=update)
    return {"action": action, "milestone": milestone, "evidence": evidence}


def populate(world: World) -> None:
    objects = _plan(world.council_a, "Marker-A", world.objects.get("recommendation"))
    _plan(world.council_b, "Marker-B")
    world.objects.update({f"plan_{k}": v for k, v in objects.items()})


def _pk(key: str) -> Any:
    return lambda world: {**council_kwargs(world), "pk": world.objects[key].pk}


URL_KWARGS = {
    "plans:plan-overview": council_kwargs,
    "plans:plan-progress": council_kwargs,
    "plans:plan-create": council_kwargs,
    "plans:priority-add": council_kwargs,
    "plans:action-add": council_kwargs,
    "plans:action-detail": _pk("plan_action"),
    "plans:action-edit": _pk("plan_action"),
    "plans:action-revise": _pk("plan_action"),
    "plans:action-override": _pk("plan_action"),
    "plans:action-progress": _pk("plan_action"),
    "plans:milestone-add": _pk("plan_action"),
    "plans:milestone-done": _pk("plan_milestone"),
    "plans:evidence-download": _pk("plan_evidence"),
    "plans:owner-list": council_kwargs,
    "plans:owner-add": council_kwargs,
    "plans:plan-export": council_kwargs,
    "plans:plan-import": council_kwargs,
    "plans:my-actions": council_kwargs,
}

OVERVIEW = {role: (302 if role == "councillor" else 200) for role in READERS}
OVERVIEW["regional_analyst"] = 403

PERMISSION_MATRIX = [
    ("plans:plan-overview", "GET", OVERVIEW),
    ("plans:plan-progress", "GET", only(READERS)),
    ("plans:my-actions", "GET", only(READERS)),
    ("plans:action-detail", "GET", only(DETAIL)),
    ("plans:owner-list", "GET", only(DETAIL)),
    ("plans:plan-export", "GET", only(DETAIL)),
    # The walker's evidence is a link, not a file: readers get "no file", others 403.
    ("plans:evidence-download", "GET", only(DETAIL, yes=404)),
    ("plans:plan-create", "GET", only(EDITORS)),
    ("plans:plan-create", "POST", only(EDITORS)),
    ("plans:priority-add", "GET", only(EDITORS)),
    ("plans:action-add", "GET", only(EDITORS)),
    ("plans:action-add", "POST", only(EDITORS)),
    ("plans:action-edit", "GET", only(EDITORS)),
    ("plans:action-edit", "POST", only(EDITORS)),
    ("plans:action-override", "GET", only(EDITORS)),
    ("plans:owner-add", "GET", only(EDITORS)),
    ("plans:plan-import", "GET", only(EDITORS)),
    ("plans:plan-import", "POST", only(EDITORS)),
    # Owners update only their own actions; the walker's action is owned by a partner
    # without an account, so only editors may.
    ("plans:action-revise", "GET", only(EDITORS)),
    ("plans:action-revise", "POST", only(EDITORS)),
    ("plans:action-progress", "GET", only(EDITORS)),
    ("plans:action-progress", "POST", only(EDITORS)),
    ("plans:milestone-add", "GET", only(EDITORS)),
    ("plans:milestone-done", "POST", only(EDITORS, yes=302)),
    ("plans:milestone-done", "GET", only(EDITORS | OWNER_ROLES, yes=405)),
]
