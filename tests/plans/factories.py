"""Plan objects for tests: a plan with one priority, an owner and actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from thrive.plans.models import Action, Owner, Plan, Priority
from thrive.plans.services import (
    owner_get_or_create,
    plan_action_create,
    plan_create,
    priority_create,
)


def make_plan(council: Any, title: str = "Improvement plan") -> tuple[Plan, Priority, Owner]:
    plan = plan_create(council=council, title=title)
    priority = priority_create(plan=plan, title="Help and protection")
    owner = owner_get_or_create(council=council, name="Sam Owner", organisation="Council")
    return plan, priority, owner


def make_action(council: Any, priority: Priority, owner: Owner | None, **extra: Any) -> Action:
    values: dict[str, Any] = {
        "council": council,
        "priority": priority,
        "title": "Every child in need has an up-to-date plan",
        "owner": owner,
        "start_date": date(2026, 1, 5),
        "due_date": date(2026, 12, 18),
    }
    values.update(extra)
    return plan_action_create(**values)
