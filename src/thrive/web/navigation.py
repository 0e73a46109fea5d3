"""The council navigation bar: each item names the permission it needs. Apps add items here."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from thrive.councils.permissions import can
from thrive.councils.roles import Action


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    action: Action


NAVIGATION: list[NavItem] = [
    NavItem("Overview", "web:council-home", Action.VIEW_AGGREGATE),
    NavItem("Returns", "returns:return-list", Action.VIEW_AGGREGATE),
    NavItem("Measures", "measures:dashboard", Action.VIEW_AGGREGATE),
    NavItem("Audits", "audits:dashboard", Action.VIEW_AGGREGATE),
    NavItem("Voice", "voice:overview", Action.VIEW_AGGREGATE),
    NavItem("Plan", "plans:plan-overview", Action.VIEW_PLAN),
    NavItem("Inspections", "inspections:inspection-list", Action.VIEW_PLAN),
    NavItem("Governance", "governance:board-list", Action.VIEW_PLAN),
    NavItem("Packs", "packs:pack-list", Action.VIEW_PLAN),
    NavItem("Alerts", "alerts:alert-list", Action.VIEW_PLAN),
    NavItem("People", "people:list", Action.MANAGE_MEMBERS),
    NavItem("Access log", "web:access-log", Action.VIEW_ACCESS_LOG),
]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    council = getattr(request, "council", None)
    if council is None:
        return []
    items = []
    for item in NAVIGATION:
        if not can(request.user, item.action, council):
            continue
        href = reverse(item.url_name, args=[council.la_number])
        items.append({"text": item.text, "href": href, "current": request.path == href})
    return items
