"""`{% load plans %}{% plans_due_panel %}`: the signed-in owner's due and overdue actions.

For the council home page: needs `request` and `council` in the context (both are there on
every council page).
"""

from __future__ import annotations

from typing import Any

from django import template

from thrive.plans.selectors import due_and_overdue

register = template.Library()


@register.inclusion_tag("plans/includes/due_panel.html", takes_context=True)
def plans_due_panel(context: Any) -> dict[str, Any]:
    request = context.get("request")
    council = context.get("council")
    if request is None or council is None or not request.user.is_authenticated:
        return {"due_items": [], "due_council_code": ""}
    return {
        "due_items": due_and_overdue(council=council, user=request.user),
        "due_council_code": council.la_number,
    }
