"""Moderation: the queue and moderating a submitted audit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from thrive.audits import selectors, services
from thrive.audits.forms import (
    ModerationForm,
)
from thrive.audits.models import (
    Moderation,
)
from thrive.audits.views.common import _section_status
from thrive.councils.access import child_level_view
from thrive.councils.decorators import council_view
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, council_queryset, current_council


@council_view(Action.MANAGE_AUDIT_TOOLS)
@child_level_view(what="Moderation queue", purpose="Quality assurance")
def moderation_list(request: HttpRequest) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    moderations = list(
        council_queryset(request, Moderation).select_related("audit", "moderator", "audit__auditor")
    )
    pending = [m for m in moderations if m.completed_at is None]
    done = sorted(
        (m for m in moderations if m.completed_at is not None),
        key=lambda m: m.completed_at or timezone.now(),
        reverse=True,
    )[:50]
    response = render(
        request,
        "audits/moderation_list.html",
        {
            "pending": pending,
            "done": done,
            "summary": selectors.moderation_summary(council=council),
        },
    )
    return response, [m.audit.child_id for m in pending + done]


@council_view(Action.MANAGE_AUDIT_TOOLS)
@child_level_view(what="Moderation of a case audit", purpose="Quality assurance")
def moderation_detail(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    moderation = council_object(request, Moderation, pk=pk)
    audit = moderation.audit
    if audit.auditor_id == request.user.pk:
        raise PermissionDenied(services.ERROR_MODERATOR_IS_AUDITOR)
    form = ModerationForm(request.POST or None, auditor_grade=audit.overall_grade)
    if request.method == "POST" and moderation.completed_at is None and form.is_valid():
        try:
            with transaction.atomic():
                services.moderation_complete(
                    moderation=moderation,
                    moderator=request.user,
                    outcome=form.cleaned_data["outcome"],
                    grade=form.cleaned_data["moderated_grade"],
                    reasons=form.cleaned_data["reasons"],
                )
        except services.AuditError as exc:
            form.add_error("outcome", str(exc))
        else:
            messages.success(request, "Moderation recorded.")
            return redirect("audits:moderation-list", council.la_number), [audit.child_id]
    response = render(
        request,
        "audits/moderation_detail.html",
        {
            "moderation": moderation,
            "audit": audit,
            "sections": _section_status(audit),
            "form": form,
        },
    )
    return response, [audit.child_id]
