"""Audit pages: tools, themes, programmes and sampling, doing an audit, moderation, dashboard."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thrive.audits import charts, selectors, services
from thrive.audits.candidates import annex_a_candidates
from thrive.audits.forms import (
    AuditSectionForm,
    ChildActionCompleteForm,
    ChildActionForm,
    EscalateForm,
    ManualAuditForm,
    ModerationForm,
    OverallGradeForm,
    ProgrammeForm,
    QuestionForm,
    RaisePlanActionForm,
    ReassignForm,
    SampleForm,
    SectionForm,
    ThemeForm,
    ToolForm,
)
from thrive.audits.models import (
    GRADE_ORDER,
    Audit,
    AuditProgramme,
    AuditQuestion,
    AuditSection,
    AuditStatus,
    AuditTool,
    ChildAction,
    LearningTheme,
    Moderation,
)
from thrive.audits.sampling import RULES, SamplingError, read_case_list
from thrive.councils.access import child_level_view
from thrive.councils.decorators import council_view
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, council_queryset, current_council

GRADE_SERIES = [
    charts.Series(grade.label, colour)
    for grade, colour in zip(GRADE_ORDER, charts.GRADE_COLOURS, strict=True)
]


def _auditors(request: HttpRequest) -> Any:
    from django.contrib.auth import get_user_model

    users = services.users_with_action(council=current_council(request), action=Action.RUN_AUDITS)
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


# --- Dashboard -------------------------------------------------------------------------------


@council_view(Action.VIEW_AGGREGATE)
def dashboard(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    progress = selectors.programme_progress(council=council)
    by_month = selectors.grade_distribution_by_month(council=council)
    progress_chart = charts.stacked_bar_svg(
        chart_id="progress-chart",
        title="Audits completed and still to do, by programme",
        description="Completed audits and those still planned, for each audit programme.",
        categories=[row["programme"].name[:22] for row in progress],
        series=[charts.Series("Completed", "#00703c"), charts.Series("Still to do", "#b1b4b6")],
        values=[[row["completed"], row["planned"] - row["completed"]] for row in progress],
    )
    grade_chart = charts.stacked_bar_svg(
        chart_id="grade-chart",
        title="Audit grades by month",
        description="Final grades (after moderation) of audits submitted each month.",
        categories=[row["month"] for row in by_month],
        series=GRADE_SERIES,
        values=[row["counts"] for row in by_month],
    )
    return render(
        request,
        "audits/dashboard.html",
        {
            "progress": progress,
            "progress_chart": progress_chart if progress else None,
            "by_month": by_month,
            "grade_chart": grade_chart if by_month else None,
            "grades": GRADE_ORDER,
            "moderation": selectors.moderation_summary(council=council),
            "overdue": selectors.child_action_overdue_count(council=council),
            "overdue_audits": selectors.audit_overdue_count(council=council),
            "can_manage": can(request.user, Action.MANAGE_AUDIT_TOOLS, council),
            "can_audit": can(request.user, Action.RUN_AUDITS, council),
            "can_child": can(request.user, Action.VIEW_CHILD_LEVEL, council),
        },
    )


# --- Tools -----------------------------------------------------------------------------------


@council_view(Action.MANAGE_AUDIT_TOOLS)
def tool_list(request: HttpRequest) -> HttpResponse:
    tools = council_queryset(request, AuditTool).prefetch_related("versions")
    return render(request, "audits/tool_list.html", {"tools": tools})


@council_view(Action.MANAGE_AUDIT_TOOLS)
def tool_create(request: HttpRequest) -> HttpResponse:
    form = ToolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tool = services.audit_tool_create(
            council=current_council(request),
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            created_by=request.user,
        )
        messages.success(request, f"Audit tool “{tool.name}” created. Add its first section.")
        return redirect("audits:tool-detail", current_council(request).la_number, tool.pk)
    return render(request, "audits/tool_form.html", {"form": form})


@council_view(Action.MANAGE_AUDIT_TOOLS)
def tool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tool = council_object(request, AuditTool, pk=pk)
    versions = list(tool.versions.order_by("-number"))
    current = versions[0]
    shown = current
    if request.GET.get("version", "").isdigit():
        shown = next((v for v in versions if v.number == int(request.GET["version"])), current)
    sections = shown.sections.prefetch_related("questions__themes")
    return render(
        request,
        "audits/tool_detail.html",
        {
            "tool": tool,
            "versions": versions,
            "shown": shown,
            "current": current,
            "sections": sections,
            "editable": shown.pk == current.pk,
        },
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    tool = council_object(request, AuditTool, pk=pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        section = services.audit_section_create(
            tool=tool,
            title=form.cleaned_data["title"],
            guidance=form.cleaned_data["guidance"],
            user=request.user,
        )
        _version_message(request, tool, section.version.number)
        return redirect("audits:tool-detail", current_council(request).la_number, tool.pk)
    return render(request, "audits/section_form.html", {"form": form, "tool": tool})


def _version_message(request: HttpRequest, tool: AuditTool, number: int) -> None:
    if number > 1 and tool.versions.count() == number and tool.current_version.number == number:
        messages.success(
            request,
            f"Saved in version {number}. Audits that used earlier versions keep the questions they "
            "were answered against.",
        )
    else:
        messages.success(request, "Saved.")


@council_view(Action.MANAGE_AUDIT_TOOLS)
def question_create(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    tool = council_object(request, AuditTool, pk=pk)
    section = council_object(request, AuditSection, pk=section_pk, version__tool=tool)
    if section.version_id != tool.current_version.pk:
        raise Http404("Only the current version can be edited")
    form = QuestionForm(
        request.POST or None, council=current_council(request), initial={"mandatory": True}
    )
    if request.method == "POST" and form.is_valid():
        question = services.audit_question_create(
            section=section,
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
            guidance=form.cleaned_data["guidance"],
            mandatory=form.cleaned_data["mandatory"],
            themes=form.cleaned_data["themes"],
            user=request.user,
        )
        _version_message(request, tool, question.section.version.number)
        return redirect("audits:tool-detail", current_council(request).la_number, tool.pk)
    return render(
        request, "audits/question_form.html", {"form": form, "tool": tool, "section": section}
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    tool = council_object(request, AuditTool, pk=pk)
    question = council_object(request, AuditQuestion, pk=question_pk, section__version__tool=tool)
    if question.section.version_id != tool.current_version.pk:
        raise Http404("Only the current version can be edited")
    form = QuestionForm(
        request.POST or None,
        council=current_council(request),
        initial={
            "text": question.text,
            "kind": question.kind,
            "guidance": question.guidance,
            "mandatory": question.mandatory,
            "themes": list(question.themes.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        updated = services.audit_question_update(
            question=question,
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
            guidance=form.cleaned_data["guidance"],
            mandatory=form.cleaned_data["mandatory"],
            themes=form.cleaned_data["themes"],
            user=request.user,
        )
        _version_message(request, tool, updated.section.version.number)
        return redirect("audits:tool-detail", current_council(request).la_number, tool.pk)
    return render(
        request,
        "audits/question_form.html",
        {"form": form, "tool": tool, "section": question.section, "question": question},
    )


# --- Themes ----------------------------------------------------------------------------------


@council_view(Action.VIEW_AGGREGATE)
def theme_list(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    rows = selectors.theme_counts(council=council)
    chart = charts.stacked_bar_svg(
        chart_id="theme-chart",
        title="Audits showing each learning theme, by final grade",
        description="For each theme, the number of submitted audits tagged with it, by grade.",
        categories=[row.theme.name[:22] for row in rows],
        series=GRADE_SERIES,
        values=[row.grades for row in rows],
    )
    return render(
        request,
        "audits/theme_list.html",
        {
            "rows": rows,
            "chart": chart if rows else None,
            "grades": GRADE_ORDER,
            "can_manage": can(request.user, Action.MANAGE_AUDIT_TOOLS, council),
        },
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def theme_create(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = ThemeForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        theme = services.learning_theme_create(
            council=council,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, f"Theme “{theme.name}” added.")
        return redirect("audits:theme-list", council.la_number)
    return render(request, "audits/theme_form.html", {"form": form})


@council_view(Action.VIEW_AGGREGATE)
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    theme = council_object(request, LearningTheme, pk=pk)
    by_month = selectors.theme_trend(council=council, theme=theme, by="month")
    by_team = selectors.theme_trend(council=council, theme=theme, by="team")
    context: dict[str, Any] = {
        "theme": theme,
        "by_month": by_month,
        "by_team": by_team,
        "grades": GRADE_ORDER,
        "month_chart": charts.stacked_bar_svg(
            chart_id="theme-month-chart",
            title=f"Grades of audits showing “{theme.name}”, by month",
            description="Final grades by month of submission.",
            categories=[row["key"] for row in by_month],
            series=GRADE_SERIES,
            values=[row["counts"] for row in by_month],
        )
        if by_month
        else None,
        "team_chart": charts.stacked_bar_svg(
            chart_id="theme-team-chart",
            title=f"Grades of audits showing “{theme.name}”, by team",
            description="Final grades by the case's team.",
            categories=[row["key"][:22] for row in by_team],
            series=GRADE_SERIES,
            values=[row["counts"] for row in by_team],
        )
        if by_team
        else None,
    }
    context.update(_theme_plan_context(request, theme))
    return render(request, "audits/theme_detail.html", context)


def _theme_plan_context(request: HttpRequest, theme: LearningTheme) -> dict[str, Any]:
    """Plan actions raised from the theme, and the link to raise one for those who may."""
    council = current_council(request)
    if not can(request.user, Action.VIEW_PLAN, council):
        return {}
    actions = selectors.theme_plan_actions(theme=theme)
    may_raise = can(request.user, Action.EDIT_PLAN, council) or can(
        request.user, Action.MANAGE_AUDIT_TOOLS, council
    )
    return {
        "plan_actions": actions,
        "raise_url": reverse("audits:theme-raise-action", args=[council.la_number, theme.pk])
        if may_raise
        else "",
    }


@council_view(Action.VIEW_PLAN)
def theme_raise_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise an improvement-plan action from a theme (plan editors and the QA team)."""
    from thrive.plans.models import Priority
    from thrive.plans.services import PlanError

    council = current_council(request)
    if not (
        can(request.user, Action.EDIT_PLAN, council)
        or can(request.user, Action.MANAGE_AUDIT_TOOLS, council)
    ):
        raise PermissionDenied("Your role does not allow raising plan actions.")
    theme = council_object(request, LearningTheme, pk=pk)
    priorities = council_queryset(request, Priority).select_related("plan")
    form = RaisePlanActionForm(
        request.POST or None,
        priorities=priorities,
        initial={"title": f"Improve practice: {theme.name}"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.theme_plan_action_raise(
                theme=theme, created_by=request.user, **form.cleaned_data
            )
        except PlanError as exc:
            form.add_error("title", str(exc))
        else:
            messages.success(request, f"Plan action {action.ref} raised from this theme.")
            return redirect("audits:theme-detail", council.la_number, theme.pk)
    return render(
        request,
        "audits/theme_raise_action.html",
        {"form": form, "theme": theme, "has_priorities": priorities.exists()},
    )


# --- Programmes, sampling, manual additions --------------------------------------------------


@council_view(Action.MANAGE_AUDIT_TOOLS)
def programme_create(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = ProgrammeForm(
        request.POST or None, council=council, tools=council_queryset(request, AuditTool)
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.audit_programme_create(
                council=council, created_by=request.user, **form.cleaned_data
            )
        except services.AuditError as exc:
            form.add_error("tool", str(exc))
        else:
            messages.success(request, f"Programme “{programme.name}” created. Draw its sample.")
            return redirect("audits:programme-detail", council.la_number, programme.pk)
    return render(request, "audits/programme_form.html", {"form": form})


@council_view(Action.MANAGE_AUDIT_TOOLS)
@child_level_view(what="Audit programme case list", purpose="Quality assurance")
def programme_detail(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    programme = council_object(request, AuditProgramme, pk=pk)
    audits = list(
        programme.audits.select_related("auditor", "moderation", "tool_version").order_by("id")
    )
    grade_counts = [
        sum(1 for audit in audits if audit.submitted_at and audit.final_grade == grade.value)
        for grade in GRADE_ORDER
    ]
    response = render(
        request,
        "audits/programme_detail.html",
        {
            "programme": programme,
            "audits": audits,
            "grade_rows": [
                {
                    "key": "Final grades",
                    "counts": grade_counts,
                    "total": sum(grade_counts),
                    "good_percent": round(100 * sum(grade_counts[:2]) / sum(grade_counts))
                    if sum(grade_counts)
                    else 0,
                }
            ],
            "grades": GRADE_ORDER,
            "samples": programme.samples.all(),
            "moderation": selectors.moderation_summary(
                council=current_council(request), programme=programme
            ),
            "rules": RULES,
        },
    )
    return response, [audit.child_id for audit in audits]


@council_view(Action.MANAGE_AUDIT_TOOLS)
def sample_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    programme = council_object(request, AuditProgramme, pk=pk)
    form = SampleForm(request.POST or None, request.FILES or None, auditors=_auditors(request))
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["source"] == "csv":
                upload = form.cleaned_data["case_file"]
                data = upload.read()
                cases, row_errors = read_case_list(data)
                source, sha256 = (
                    f"Uploaded case list {upload.name}",
                    hashlib.sha256(data).hexdigest(),
                )
            else:
                cases, source, sha256 = annex_a_candidates(
                    council=council, table=form.cleaned_data["source"]
                )
            if row_errors:
                form.add_error(
                    "case_file",
                    f"The file has {len(row_errors)} problem{'s' if len(row_errors) != 1 else ''}: "
                    "fix them and upload it again. Nothing has been saved.",
                )
            else:
                sample = services.audit_sample_draw(
                    programme=programme,
                    cases=cases,
                    source=source,
                    source_sha256=sha256,
                    method=form.cleaned_data["method"],
                    size=form.cleaned_data["size"],
                    seed=form.cleaned_data["seed"],
                    rule=form.cleaned_data["rule"],
                    rule_parameter=form.cleaned_data["rule_parameter"],
                    as_of=form.cleaned_data["as_of"] or timezone.localdate(),
                    auditors=list(form.cleaned_data["auditors"]),
                    drawn_by=request.user,
                )
                messages.success(
                    request,
                    f"{sample.size} cases drawn (seed {sample.seed}) and shared between "
                    f"{len(form.cleaned_data['auditors'])} auditors.",
                )
                return redirect("audits:programme-detail", council.la_number, programme.pk)
        except (SamplingError, services.AuditError) as exc:
            if isinstance(exc, SamplingError):
                from_file = form.cleaned_data["source"] == "csv"
                form.add_error("case_file" if from_file else "source", str(exc))
            else:
                form.add_error("auditors", str(exc))
    return render(
        request,
        "audits/sample_form.html",
        {
            "form": form,
            "programme": programme,
            "row_errors": row_errors[:200],
            "row_error_count": len(row_errors),
        },
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def audit_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    programme = council_object(request, AuditProgramme, pk=pk)
    form = ManualAuditForm(request.POST or None, auditors=_auditors(request))
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_add_manual(programme=programme, **form.cleaned_data)
        except services.AuditError as exc:
            form.add_error("child_id", str(exc))
        else:
            messages.success(request, f"Case {audit.child_id} added to the programme.")
            return redirect("audits:programme-detail", council.la_number, programme.pk)
    return render(request, "audits/audit_add.html", {"form": form, "programme": programme})


@council_view(Action.MANAGE_AUDIT_TOOLS)
@child_level_view(what="Case audit reassignment", purpose="Quality assurance")
def audit_reassign(request: HttpRequest, pk: int) -> tuple[HttpResponse, list[str]]:
    council = current_council(request)
    audit = council_object(request, Audit, pk=pk)
    form = ReassignForm(request.POST or None, auditors=_auditors(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_reassign(audit=audit, auditor=form.cleaned_data["auditor"])
        except services.AuditError as exc:
            form.add_error("auditor", str(exc))
        else:
            messages.success(request, f"The audit of case {audit.child_id} has a new auditor.")
            return redirect("audits:programme-detail", council.la_number, audit.programme_id), [
                audit.child_id
            ]
    response = render(request, "audits/audit_reassign.html", {"audit": audit, "form": form})
    return response, [audit.child_id]


# --- Audits ----------------------------------------------------------------------------------


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
        services.audit_answers_save(audit=audit, answers=form.answers(), user=request.user)
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
        services.audit_overall_set(
            audit=audit,
            grade=form.cleaned_data["overall_grade"],
            rationale=form.cleaned_data["rationale"],
            themes=form.cleaned_data["themes"],
            user=request.user,
        )
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
            form.add_error("note", str(exc))
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


# --- Moderation ------------------------------------------------------------------------------


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


@council_view(Action.MANAGE_AUDIT_TOOLS)
@require_POST
def programme_findings(request: HttpRequest, pk: int) -> HttpResponse:
    programme = council_object(request, AuditProgramme, pk=pk)
    programme.findings = request.POST.get("findings", "")[:20000]
    programme.save(update_fields=["findings"])
    messages.success(request, "Findings saved.")
    return redirect("audits:programme-detail", current_council(request).la_number, programme.pk)
