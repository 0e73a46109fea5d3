"""Doing a case audit: sections, grade, submit, escalate, and actions for the child."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from thrive.audits import selectors, services
from thrive.audits.forms import (
    AuditSectionForm,
    ChildActionCompleteForm,
    ChildActionForm,
    EscalateForm,
    OverallGradeForm,
)
from thrive.audits.models import (
    Audit,
    AuditSection,
    AuditStatus,
    ChildAction,
)
from thrive.audits.views.common import _members, _own_audit, _section_status, _visible_audit
from thrive.councils.access import child_level_view
from thrive.councils.decorators import council_view
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, council_queryset, current_council


@council_view(Action.VIEW_CHILD_LEVEL)
@child_level_view(what="Case audits list", purpose="Quality assurance")
def audit_list(request: HttpRequest) -> tuple[HttpResponse, list[str]]:
    membership = request.membership  # type: ignore[attr-defined]
    audits = list(
        selectors.audit_visible_list(council=current_council(request), membership=membership)
        .select_related("programme", "auditor", "moderation")
        .order_by("status", "-id")[:500]
    )
    mine = [audit for audit in audits if audit.auditor_id == request.user.pk]
    others = [audit for audit in audits if audit.auditor_id != request.user.pk]
    response = render(request, "audits/audit_list.html", {"mine": mine, "others": others})
    return response, [audit.child_id for audit in audits]


@council_view(Action.VIEW_CHILD_LEVEL)
@child_level_view(what="Case audit", purpose="Quality assurance")
def audit_detail(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    audit = _visible_audit(request, pk)
    editable = audit.auditor_id == request.user.pk and audit.status in {
        AuditStatus.NOT_STARTED,
        AuditStatus.IN_PROGRESS,
    }
    response = render(
        request,
        "audits/audit_detail.html",
        {
            "audit": audit,
            "sections": _section_status(audit),
            "editable": editable,
            "is_auditor": audit.auditor_id == request.user.pk,
            "child_actions": audit.child_actions.select_related("owner"),
            "escalations": audit.escalations.select_related("raised_by"),
            "moderation": getattr(audit, "moderation", None),
            "today": timezone.localdate(),
        },
    )
    return response, [audit.child_id]


def _section_number(audit: Audit, number: int) -> tuple[AuditSection, int]:
    sections = list(audit.tool_version.sections.all())
    if not 1 <= number <= len(sections):
        raise Http404("No such section")
    return sections[number - 1], len(sections)


@council_view(Action.RUN_AUDITS)
@child_level_view(what="Case audit section", purpose="Quality assurance")
def audit_section(request: HttpRequest, pk: int, number: int) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    audit = _own_audit(request, pk)
    if audit.status not in {AuditStatus.NOT_STARTED, AuditStatus.IN_PROGRESS}:
        return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
    section, total = _section_number(audit, number)
    questions = list(section.questions.prefetch_related("themes"))
    existing = {
        answer.question_id: answer for answer in audit.answers.filter(question__in=questions)
    }
    initial: dict[str, str] = {}
    for question in questions:
        answer = existing.get(question.pk)
        if answer is not None:
            if question.kind == "free_text":
                initial[f"q{question.pk}"] = answer.text
            else:
                initial[f"q{question.pk}"] = answer.value
                initial[f"c{question.pk}"] = answer.text
    enforce = request.POST.get("action", "continue") == "continue"
    form = AuditSectionForm(
        request.POST or None, questions=questions, enforce=enforce, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_answers_save(audit=audit, answers=form.answers(), user=request.user)
        except services.AuditError as exc:
            # Submitted (or reassigned) in another tab since this page was loaded: nothing saved.
            messages.error(request, str(exc))
            return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
        if not enforce:
            messages.success(request, f"Your answers to “{section.title}” are saved.")
            return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
        if number < total:
            return redirect("audits:audit-section", council.la_number, audit.pk, number + 1), [
                audit.child_id
            ]
        return redirect("audits:audit-grade", council.la_number, audit.pk), [audit.child_id]
    response = render(
        request,
        "audits/audit_section.html",
        {"audit": audit, "section": section, "number": number, "total": total, "form": form},
    )
    return response, [audit.child_id]


@council_view(Action.RUN_AUDITS)
@child_level_view(what="Case audit grade", purpose="Quality assurance")
def audit_grade(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    audit = _own_audit(request, pk)
    if audit.status not in {AuditStatus.NOT_STARTED, AuditStatus.IN_PROGRESS}:
        return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
    form = OverallGradeForm(
        request.POST or None,
        council=council,
        initial={
            "overall_grade": audit.overall_grade,
            "rationale": audit.rationale,
            "themes": list(audit.themes.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_overall_set(
                audit=audit,
                grade=form.cleaned_data["overall_grade"],
                rationale=form.cleaned_data["rationale"],
                themes=form.cleaned_data["themes"],
                user=request.user,
            )
        except services.AuditError as exc:
            messages.error(request, str(exc))
            return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
        return redirect("audits:audit-submit", council.la_number, audit.pk), [audit.child_id]
    response = render(request, "audits/audit_grade.html", {"audit": audit, "form": form})
    return response, [audit.child_id]


@council_view(Action.RUN_AUDITS)
@child_level_view(what="Case audit check and submit", purpose="Quality assurance")
def audit_submit(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    audit = _own_audit(request, pk)
    if audit.status not in {AuditStatus.NOT_STARTED, AuditStatus.IN_PROGRESS}:
        return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
    missing = services.audit_missing_answers(audit=audit)
    if request.method == "POST":
        try:
            audit = services.audit_submit(audit=audit, user=request.user)
        except services.AuditIncomplete as exc:
            missing = exc.missing
        else:
            if audit.status == AuditStatus.IN_MODERATION:
                messages.success(request, "Audit submitted. It has been sent for moderation.")
            else:
                messages.success(request, "Audit submitted.")
            return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
    response = render(
        request,
        "audits/audit_submit.html",
        {
            "audit": audit,
            "sections": _section_status(audit),
            "missing": missing if request.method == "POST" else [],
            "incomplete": bool(missing),
        },
    )
    return response, [audit.child_id]


@council_view(Action.RUN_AUDITS)
@child_level_view(what="Case audit escalation", purpose="Child at risk escalation")
def audit_escalate(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    audit = _own_audit(request, pk)
    form = EscalateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        url = request.build_absolute_uri(
            reverse("audits:audit-detail", args=[council.la_number, audit.pk])
        )
        escalation = services.audit_escalate(
            audit=audit, reason=form.cleaned_data["reason"], user=request.user, audit_url=url
        )
        if escalation.email_failed:
            messages.error(
                request,
                "Escalation recorded, but the email could not be sent. Phone the team manager now.",
            )
        else:
            told = ", ".join(escalation.notified) or "no manager is recorded for this council"
            messages.success(request, f"Escalated. Emailed now: {told}.")
        return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
    response = render(
        request,
        "audits/audit_escalate.html",
        {"audit": audit, "form": form, "recipients": services.escalation_recipients(audit=audit)},
    )
    return response, [audit.child_id]


@council_view(Action.RUN_AUDITS)
@child_level_view(what="Case audit child action", purpose="Quality assurance")
def child_action_create(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    audit = _own_audit(request, pk)
    form = ChildActionForm(request.POST or None, owners=_members(request))
    if request.method == "POST" and form.is_valid():
        services.child_action_create(audit=audit, created_by=request.user, **form.cleaned_data)
        messages.success(request, "Action for the child added.")
        return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
    response = render(request, "audits/child_action_form.html", {"audit": audit, "form": form})
    return response, [audit.child_id]


@council_view(Action.VIEW_CHILD_LEVEL)
@child_level_view(what="Case audit child action", purpose="Quality assurance")
def child_action_complete(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    action = council_object(request, ChildAction, pk=pk)
    audit = _visible_audit(request, action.audit_id)
    if request.user.pk not in {action.owner_id, audit.auditor_id} and not can(
        request.user, Action.MANAGE_AUDIT_TOOLS, council
    ):
        raise PermissionDenied("Only the action's owner, the auditor or the QA team can do this.")
    form = ChildActionCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.child_action_complete(
                action=action, note=form.cleaned_data["note"], user=request.user
            )
        except services.AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Action marked as complete.")
            return redirect("audits:audit-detail", council.la_number, audit.pk), [audit.child_id]
    response = render(
        request,
        "audits/child_action_complete.html",
        {"action": action, "audit": audit, "form": form},
    )
    return response, [audit.child_id]


@council_view(Action.VIEW_CHILD_LEVEL)
@child_level_view(what="Actions for children from audits", purpose="Quality assurance")
def child_action_list(request: HttpRequest) -> tuple[HttpResponse, list[str]]:
    visible = selectors.audit_visible_list(
        council=current_council(request),
        membership=request.membership,  # type: ignore[attr-defined]
    )
    actions = list(
        council_queryset(request, ChildAction)
        .filter(completed_at__isnull=True)
        .filter(audit__in=visible)
        .select_related("audit", "owner")
        .order_by("due_date")
    )
    today = timezone.localdate()
    response = render(
        request,
        "audits/child_action_list.html",
        {
            "overdue": [a for a in actions if a.due_date < today],
            "open": [a for a in actions if a.due_date >= today],
            "today": today,
        },
    )
    return response, [action.audit.child_id for action in actions]
