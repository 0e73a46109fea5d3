"""What changed in an action since a plan sheet was exported (for refusing stale import rows).

The exported sheet carries each action's `version` in a hidden column; on import a row whose
version is older than the action's would overwrite someone's edits made in Thrive since. These
helpers say which details the sheet row would change, and which were changed in Thrive (from
the action's history), so the message can name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from thrive.plans.models import Action

# Action fields shown in the sheet, with the sheet's column names.
_TRACKED = {
    "priority_id": "Priority",
    "title": "Action",
    "owner_id": "Owner",
    "start_date": "Start",
    "due_date": "Due",
    "revised_due_date": "Revised due",
    "revised_reason": "Reason for revised due",
    "status": "Status",
    "measure_ids": "Linked measures",
}


@dataclass(frozen=True)
class SheetRow:
    """The details of one sheet row that an import would write to an existing action."""

    priority_number: int
    title: str
    owner_id: int | None
    start: date
    due: date
    revised_due: date | None
    status: str
    measure_ids: list[str]
    latest_update: str


def sheet_row_changes(row: SheetRow, action: Action) -> list[str]:
    """The sheet's columns whose values differ from the action as it is now."""
    changed = []
    if row.priority_number != action.priority.number:
        changed.append("Priority")
    pairs: list[tuple[str, Any, Any]] = [
        ("Action", row.title, action.title),
        ("Owner", row.owner_id, action.owner_id),
        ("Start", row.start, action.start_date),
        ("Due", row.due, action.due_date),
        ("Status", row.status, action.status),
        ("Linked measures", sorted(set(row.measure_ids)), sorted(action.measure_ids or [])),
    ]
    changed += [column for column, sheet, now in pairs if sheet != now]
    if row.revised_due and row.revised_due not in {
        action.revised_due_date,
        action.effective_due_date,
    }:
        changed.append("Revised due")
    if row.latest_update:
        latest = action.updates.order_by("-update_date", "-id").first()
        if latest is None or latest.text != row.latest_update:
            changed.append("Latest update")
    return changed


def changes_since(action: Action, version: int) -> str:
    """Which of `action`'s details changed in Thrive after `version`, by whom and when."""
    history = action.history.order_by("history_date", "history_id")
    then = history.filter(version__lte=version).last()
    latest = history.last()
    changed: list[str] = []
    if then is not None:
        changed = [
            label
            for name, label in _TRACKED.items()
            if getattr(then, name) != getattr(action, name)
        ]
        if action.updates.filter(created_at__gt=then.history_date).exists():
            changed.append("a progress update")
    what = ", ".join(changed) if changed else "its details"
    who = ""
    if latest is not None and latest.history_user is not None:
        name = latest.history_user.get_full_name() or latest.history_user.get_username()
        who = f" by {name}"
    when = f" on {latest.history_date:%d/%m/%Y}" if latest is not None else ""
    return f"{what} changed{who}{when}"
