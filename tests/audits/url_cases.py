"""Audit URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.audits.builders import make_audit, make_programme, make_tool, submit
from tests.factories import person_with_role
from tests.url_registry import World, council_kwargs, everyone, only
from thrive.audits import services
from thrive.audits.models import Grade

QA = {"admin", "qa_lead"}
CHILD_LEVEL = {"admin", "director", "manager", "analyst", "qa_lead", "practitioner", "adviser"}


def _audit_kwargs(key: str) -> Any:
    def build(world: World) -> dict[str, Any]:
        return {**council_kwargs(world), "pk": world.objects[key].pk}

    return build


def _populate_council(council: Any, marker: str) -> dict[str, Any]:
    lead = person_with_role("qa_lead", council, username=f"qa-{marker.lower()}")
    auditor = person_with_role("practitioner", council, username=f"auditor-{marker.lower()}")
    theme = services.learning_theme_create(
        council=council, name=f"{marker} written safety plans", description=""
    )
    tool = make_tool(council, lead, name=f"{marker} practice standard")
    programme = make_programme(council, lead, tool=tool, share=100, name=f"{marker} programme")
    in_progress = make_audit(programme, auditor, child_id=f"{marker}-C1", team=f"{marker} team")
    done = make_audit(programme, auditor, child_id=f"{marker}-C2", team=f"{marker} team")
    submit(done, auditor, grade=Grade.INADEQUATE, themes=[theme])
    action = services.child_action_create(
        audit=in_progress,
        description=f"{marker} update the safety plan",
        owner=auditor,
        due_date=timezone.localdate() + timedelta(days=7),
        created_by=auditor,
    )
    section = tool.current_version.sections.first()
    return {
        "tool": tool,
        "section": section,
        "question": section.questions.first(),
        "theme": theme,
        "programme": programme,
        "audit": in_progress,
        "submitted": done,
        "moderation": done.moderation,
        "child_action": action,
    }


def populate(world: World) -> None:
    objects = _populate_council(world.council_a, "Marker-A")
    _populate_council(world.council_b, "Marker-B")
    world.objects.update({f"audits.{key}": value for key, value in objects.items()})


def _kw(key: str) -> Any:
    return _audit_kwargs(f"audits.{key}")


URL_KWARGS = {
    "audits:dashboard": council_kwargs,
    "audits:tool-list": council_kwargs,
    "audits:tool-create": council_kwargs,
    "audits:tool-detail": _kw("tool"),
    "audits:section-create": _kw("tool"),
    "audits:question-create": lambda w: {
        **_kw("tool")(w),
        "section_pk": w.objects["audits.section"].pk,
    },
    "audits:question-edit": lambda w: {
        **_kw("tool")(w),
        "question_pk": w.objects["audits.question"].pk,
    },
    "audits:theme-list": council_kwargs,
    "audits:theme-create": council_kwargs,
    "audits:theme-detail": _kw("theme"),
    "audits:theme-raise-action": _kw("theme"),
    "audits:programme-create": council_kwargs,
    "audits:programme-detail": _kw("programme"),
    "audits:programme-findings": _kw("programme"),
    "audits:sample-create": _kw("programme"),
    "audits:audit-add": _kw("programme"),
    "audits:audit-list": council_kwargs,
    "audits:audit-detail": _kw("audit"),
    "audits:audit-section": lambda w: {**_kw("audit")(w), "number": 1},
    "audits:audit-grade": _kw("audit"),
    "audits:audit-reassign": _kw("audit"),
    "audits:audit-submit": _kw("audit"),
    "audits:audit-escalate": _kw("audit"),
    "audits:child-action-create": _kw("audit"),
    "audits:child-action-list": council_kwargs,
    "audits:child-action-complete": _kw("child_action"),
    "audits:moderation-list": council_kwargs,
    "audits:moderation-detail": _kw("moderation"),
}

# The audit in council A is assigned to a practitioner created by populate(), so the people the
# matrix signs in are never its auditor: QA and oversight roles see it, but only its auditor
# may work on it (403); everyone else is told it does not exist (404).
_OWN_AUDIT_ONLY = {
    **everyone(403),
    "manager": 404,
    "practitioner": 404,
}
_VISIBLE = {
    **everyone(403),
    **dict.fromkeys(["admin", "qa_lead", "director", "adviser"], 200),
    **dict.fromkeys(["manager", "practitioner", "analyst"], 404),
}

PERMISSION_MATRIX = [
    ("audits:dashboard", "GET", everyone(200)),
    ("audits:tool-list", "GET", only(QA)),
    ("audits:tool-create", "GET", only(QA)),
    ("audits:tool-detail", "GET", only(QA)),
    ("audits:section-create", "GET", only(QA)),
    ("audits:question-create", "GET", only(QA)),
    ("audits:question-edit", "GET", only(QA)),
    ("audits:theme-list", "GET", everyone(200)),
    ("audits:theme-create", "GET", only(QA)),
    ("audits:theme-detail", "GET", everyone(200)),
    ("audits:theme-raise-action", "GET", only({"admin", "director", "manager", "qa_lead"})),
    ("audits:programme-create", "GET", only(QA)),
    ("audits:programme-detail", "GET", only(QA)),
    ("audits:programme-findings", "GET", only(QA, yes=405)),
    ("audits:sample-create", "GET", only(QA)),
    ("audits:audit-add", "GET", only(QA)),
    ("audits:audit-list", "GET", only(CHILD_LEVEL)),
    ("audits:audit-detail", "GET", _VISIBLE),
    ("audits:audit-section", "GET", _OWN_AUDIT_ONLY),
    ("audits:audit-grade", "GET", _OWN_AUDIT_ONLY),
    ("audits:audit-reassign", "GET", only(QA)),
    ("audits:audit-submit", "GET", _OWN_AUDIT_ONLY),
    ("audits:audit-escalate", "GET", _OWN_AUDIT_ONLY),
    ("audits:child-action-create", "GET", _OWN_AUDIT_ONLY),
    ("audits:child-action-list", "GET", only(CHILD_LEVEL)),
    (
        "audits:child-action-complete",
        "GET",
        {**_VISIBLE, "director": 403, "adviser": 403},
    ),
    ("audits:moderation-list", "GET", only(QA)),
    ("audits:moderation-detail", "GET", only(QA)),
]
