"""Voice URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.url_registry import World, council_kwargs, everyone, only
from thrive.voice import services

QA = {"admin", "qa_lead"}
AGGREGATE = {
    "admin",
    "director",
    "manager",
    "analyst",
    "qa_lead",
    "practitioner",
    "board_member",
    "adviser",
    "councillor",
    "regional_analyst",
}


def _populate_council(council: Any, marker: str) -> dict[str, Any]:
    consented = services.feedback_create(
        council=council,
        source_type="care_leaver",
        channel="group",
        received_on=date(2026, 2, 3),
        summary=f"{marker} wanted help with money",
        quote=f"{marker} quote we may share",
        attributed_role="care leaver, 19",
        consent_to_quote=True,
        sentiment="mixed",
    )
    services.feedback_create(
        council=council,
        source_type="staff",
        channel="exit_interview",
        received_on=date(2026, 2, 4),
        summary=f"{marker} caseloads",
        quote=f"{marker} private words",
        attributed_role="SW",
        consent_to_quote=False,
        sentiment="negative",
    )
    entry = services.you_said_we_did_save(
        council=council,
        entry=None,
        audience="children",
        you_said=f"{marker} you said",
        we_did=f"{marker} we did",
        feedback=[consented],
        actions=[],
        published=True,
        created_by=None,
    )
    return {"feedback": consented, "entry": entry}


def populate(world: World) -> None:
    objects = _populate_council(world.council_a, "Marker-A")
    _populate_council(world.council_b, "Marker-B")
    world.objects.update({f"voice.{key}": value for key, value in objects.items()})


URL_KWARGS = {
    "voice:overview": council_kwargs,
    "voice:feedback-list": council_kwargs,
    "voice:feedback-create": council_kwargs,
    "voice:feedback-import": council_kwargs,
    "voice:feedback-export": council_kwargs,
    "voice:feedback-detail": lambda w: {**council_kwargs(w), "pk": w.objects["voice.feedback"].pk},
    "voice:you-said-we-did": council_kwargs,
    "voice:you-said-we-did-create": council_kwargs,
    "voice:you-said-we-did-edit": lambda w: {
        **council_kwargs(w),
        "pk": w.objects["voice.entry"].pk,
    },
    "voice:you-said-we-did-page": lambda w: {**council_kwargs(w), "audience": "children"},
}

PERMISSION_MATRIX = [
    ("voice:overview", "GET", everyone(200)),
    ("voice:feedback-list", "GET", only(QA)),
    ("voice:feedback-create", "GET", only(QA)),
    ("voice:feedback-import", "GET", only(QA)),
    ("voice:feedback-export", "GET", only(QA)),
    ("voice:feedback-detail", "GET", only(QA)),
    ("voice:you-said-we-did", "GET", only(AGGREGATE)),
    ("voice:you-said-we-did-create", "GET", only(QA)),
    ("voice:you-said-we-did-edit", "GET", only(QA)),
    ("voice:you-said-we-did-page", "GET", only(AGGREGATE)),
]
