"""Helpers the audit pages share: who may audit, which audits a person may see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from thrive.audits import selectors
from thrive.audits.models import (
    GRADE_ORDER,
    Audit,
)
from thrive.councils.permissions import users_with_action
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, current_council
from thrive.web import charts, palette

GRADE_SERIES = [
    charts.Series(grade.label, palette.grade_colour(grade.value)) for grade in GRADE_ORDER
]


def _auditors(request: HttpRequest) -> Any:
    from django.contrib.auth import get_user_model

    users = users_with_action(council=current_council(request), action=Action.RUN_AUDITS)
    return get_user_model().objects.filter(pk__in=[u.pk for u in users]).order_by("username")


def _members(request: HttpRequest) -> Any:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__council=current_council(request))
        .order_by("username")
    )


def _visible_audit(request: HttpRequest, pk: int) -> Audit:
    audit = council_object(request, Audit, pk=pk)
    visible = selectors.audit_visible_list(
        council=current_council(request),
        membership=request.membership,  # type: ignore[attr-defined]
    )
    if not visible.filter(pk=audit.pk).exists():
        raise Http404("No such audit")
    return audit


def _own_audit(request: HttpRequest, pk: int) -> Audit:
    audit = _visible_audit(request, pk)
    if audit.auditor_id != request.user.pk:
        raise PermissionDenied("Only the assigned auditor can do this.")
    return audit


def _section_status(audit: Audit) -> list[dict[str, Any]]:
    answers = {answer.question_id: answer for answer in audit.answers.all()}
    rows = []
    for number, section in enumerate(
        audit.tool_version.sections.prefetch_related("questions"), start=1
    ):
        questions = list(section.questions.all())
        answered = [q for q in questions if q.pk in answers and answers[q.pk].is_answered]
        required = [q for q in questions if q.mandatory]
        done_required = [q for q in required if q in answered]
        if not answered:
            status = "Not started"
        elif len(done_required) == len(required):
            status = "Completed"
        else:
            status = "In progress"
        rows.append(
            {
                "number": number,
                "section": section,
                "status": status,
                "answers": [(q, answers.get(q.pk)) for q in questions],
            }
        )
    return rows
