"""Plan pages: overview with filters and exceptions, progress, action page, forms, Excel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thrive.councils.decorators import council_view
from thrive.councils.roles import Action as Perm
from thrive.councils.scoping import council_object, current_council
from thrive.inspections.models import Recommendation, RecommendationKind
from thrive.plans import forms as plan_forms
from thrive.plans.excel import ImportFileError, plan_export_xlsx, plan_import_xlsx
from thrive.plans.models import Action, Evidence, Milestone, Priority
from thrive.plans.selectors import (
    EXCEPTIONS,
    RAG_LABELS,
    action_row,
    action_rows,
    action_timeline,
    actions_queryset,
    can_read_plan_detail,
    can_update_action,
    due_and_overdue,
    owners,
    plan_active,
    plan_progress,
    rag_totals,
)
from thrive.plans.services import (
    STALE_EDIT,
    PlanError,
    StaleEditError,
    action_override_rag,
    action_revise_due_date,
    action_update,
    milestone_add,
    milestone_complete,
    owner_get_or_create,
    plan_action_create,
    plan_create,
    priority_create,
    progress_update_add,
)
from thrive.web import charts


def _require_detail(request: HttpRequest) -> None:
    if not can_read_plan_detail(request.user, current_council(request)):
        raise PermissionDenied("Your role shows plan progress, not individual actions.")


def _action_to_update(request: HttpRequest, pk: int) -> Action:
    action = council_object(request, Action, pk=pk)
    if not can_update_action(request.user, action):
        raise PermissionDenied("Only the action's owner or a plan editor can change it.")
    return action


def _code(request: HttpRequest) -> str:
    return current_council(request).la_number


def _action_url(request: HttpRequest, action: Action) -> str:
    return reverse("plans:action-detail", args=[_code(request), action.pk])


@council_view(Perm.VIEW_PLAN)
def plan_overview(request: HttpRequest) -> HttpResponse:
    if not can_read_plan_detail(request.user, current_council(request)):
        return redirect("plans:plan-progress", _code(request))
    council = current_council(request)
    plan = plan_active(council=council)
    form = plan_forms.FilterForm(request.GET or None, council=council)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "priority": int(data["priority"]) if data.get("priority") else None,
            "owner": int(data["owner"]) if data.get("owner") else None,
            "delivery": data.get("delivery") if "delivery" in request.GET else None,
            "impact": data.get("impact") if "impact" in request.GET else None,
            "exception": data.get("exception") or None,
        }
    everything = action_rows(council=council, plan=plan) if plan else []
    # Unfiltered (the usual first view), the rows are everything: read and rate them once.
    filtered = any(value is not None for value in filters.values())
    rows = action_rows(council=council, plan=plan, **filters) if plan and filtered else everything
    exceptions = {
        key: sum(
            1
            for r in everything
            if (key == "overdue" and r.overdue)
            or (key == "red_delivery" and r.delivery.rag == "red")
            or (key == "red_impact" and r.impact.rag == "red")
        )
        for key in EXCEPTIONS
    }
    return render(
        request,
        "plans/plan_overview.html",
        {
            "plan": plan,
            "form": form,
            "rows": rows,
            "total": len(everything),
            "exceptions": [(key, label, exceptions[key]) for key, label in EXCEPTIONS.items()],
            "can_edit": _can_edit(request),
            "rag_labels": RAG_LABELS,
        },
    )


def _can_edit(request: HttpRequest) -> bool:
    from thrive.councils.permissions import can

    return can(request.user, Perm.EDIT_PLAN, current_council(request))


@council_view(Perm.VIEW_PLAN)
def plan_progress_view(request: HttpRequest) -> HttpResponse:
    """Aggregate plan progress: counts per priority and RAG. Councillors see this page."""
    council = current_council(request)
    plan = plan_active(council=council)
    progress = plan_progress(council=council, plan=plan) if plan else []
    by_priority = [(f"{p.priority.number}. {p.priority.title}", p.delivery) for p in progress]
    return render(
        request,
        "plans/plan_progress.html",
        {
            "plan": plan,
            "progress": progress,
            "delivery_chart": charts.delivery_by_priority("plan-progress-delivery", by_priority)
            if progress
            else "",
            "rag_words": [charts.RAG_WORDS[rag] for rag in charts.RAG_ORDER],
            "delivery_rows": [
                (title, [counts.get(rag, 0) for rag in charts.RAG_ORDER])
                for title, counts in by_priority
            ],
            "delivery_totals": rag_totals(progress, "delivery"),
            "impact_totals": rag_totals(progress, "impact"),
            "detail": can_read_plan_detail(request.user, council),
        },
    )


@council_view(Perm.EDIT_PLAN)
def plan_create_view(request: HttpRequest) -> HttpResponse:
    form = plan_forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan_create(council=current_council(request), **form.cleaned_data)
        messages.success(request, "Plan created")
        return redirect("plans:plan-overview", _code(request))
    return render(request, "plans/form.html", {"form": form, "heading": "Start a plan"})


@council_view(Perm.EDIT_PLAN)
def priority_add(request: HttpRequest) -> HttpResponse:
    plan = plan_active(council=current_council(request))
    if plan is None:
        messages.info(request, "Start a plan before adding priorities")
        return redirect("plans:plan-create", _code(request))
    form = plan_forms.PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        priority_create(plan=plan, **form.cleaned_data)
        messages.success(request, "Priority added")
        return redirect("plans:plan-overview", _code(request))
    return render(request, "plans/form.html", {"form": form, "heading": "Add a priority"})


@council_view(Perm.EDIT_PLAN)
def action_add(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    recommendation = None
    rec_id = request.GET.get("recommendation") or request.POST.get("recommendation")
    if rec_id and rec_id.isdigit():
        recommendation = council_object(request, Recommendation, pk=int(rec_id))
    initial: dict[str, Any] = {"start_date": timezone.localdate()}
    if recommendation is not None:
        initial |= {
            "source_type": (
                "priority_action"
                if recommendation.kind == RecommendationKind.PRIORITY_ACTION
                else "inspection_recommendation"
            ),
            "source_text": recommendation.text,
        }
    form = plan_forms.ActionForm(request.POST or None, council=council, initial=initial)
    if not Priority.objects.for_council(council).exists():
        messages.info(request, "Add a priority before adding actions")
        return redirect("plans:priority-add", _code(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = plan_action_create(
                council=council,
                priority=data["priority"],
                ref=data["ref"],
                title=data["title"],
                description=data["description"],
                success_measure=data["success_measure"],
                owner=data["owner"],
                start_date=data["start_date"],
                due_date=data["due_date"],
                measure_ids=data["measure_ids"],
                source_type=data["source_type"],
                source_id=str(recommendation.pk) if recommendation else "",
                source_text=data["source_text"],
                recommendation=recommendation,
                created_by=request.user,
            )
        except PlanError as exc:
            form.add_error("ref" if "reference" in str(exc) else None, str(exc))
        else:
            messages.success(request, f"Action {action.ref} added")
            return redirect(_action_url(request, action))
    return render(
        request,
        "plans/action_form.html",
        {"form": form, "heading": "Add an action", "recommendation": recommendation},
    )


@council_view(Perm.VIEW_PLAN)
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_detail(request)
    action = council_object(request, Action, pk=pk)
    action = actions_queryset(council=current_council(request)).get(pk=action.pk)
    row = action_row(action)
    return render(
        request,
        "plans/action_detail.html",
        {
            "row": row,
            "action": action,
            "timeline": action_timeline(action),
            "can_update": can_update_action(request.user, action),
            "can_edit": _can_edit(request),
            "today": timezone.localdate(),
        },
    )


def _stale(request: HttpRequest, form: Any, action: Action) -> None:
    """Keep what the person typed, point the form at the current version, explain."""
    current = Action.objects.get(pk=action.pk)
    data = form.data.copy()
    data["version"] = str(current.version)
    form.data = data
    form.add_error(None, STALE_EDIT)


@council_view(Perm.EDIT_PLAN)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    action = council_object(request, Action, pk=pk)
    initial = {
        "priority": action.priority_id,
        "title": action.title,
        "description": action.description,
        "success_measure": action.success_measure,
        "owner": action.owner_id,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "status": action.status,
        "measure_ids": ", ".join(action.measure_ids or []),
        "version": action.version,
    }
    form = plan_forms.ActionEditForm(request.POST or None, council=council, initial=initial)

    def save(data: dict[str, Any]) -> None:
        version = data.pop("version")
        action_update(action=action, expected_version=version, by=request.user, **data)

    return _versioned_action_form(
        request,
        action=action,
        form=form,
        save=save,
        success="Action updated",
        heading=f"Change action {action.ref}",
    )


def _versioned_action_form(
    request: HttpRequest,
    *,
    action: Action,
    form: Any,
    save: Callable[[dict[str, Any]], None],
    success: str,
    heading: str,
    error_field: str | None = None,
) -> HttpResponse:
    """The shared flow of every form that changes an action under optimistic locking.

    A stale version keeps what the person typed and shows the current values; a plan error
    goes on `error_field` (or the whole form); success redirects to the action.
    """
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except StaleEditError:
            conflict = Action.objects.get(pk=action.pk)
            _stale(request, form, action)
        except PlanError as exc:
            form.add_error(error_field, str(exc))
        else:
            messages.success(request, success)
            return redirect(_action_url(request, action))
    return render(
        request,
        "plans/action_form.html",
        {"form": form, "heading": heading, "action": action, "conflict": conflict},
    )


@council_view(Perm.UPDATE_OWN_ACTIONS)
def action_revise(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_to_update(request, pk)
    form = plan_forms.ReviseForm(request.POST or None, initial={"version": action.version})

    def save(data: dict[str, Any]) -> None:
        action_revise_due_date(
            action=action,
            expected_version=data["version"],
            new_due_date=data["new_due_date"],
            reason=data["reason"],
            by=request.user,
        )

    return _versioned_action_form(
        request,
        action=action,
        form=form,
        save=save,
        success="Due date revised",
        heading=f"Revise the due date of {action.ref}",
        error_field="new_due_date",
    )


@council_view(Perm.EDIT_PLAN)
def action_override(request: HttpRequest, pk: int) -> HttpResponse:
    action = council_object(request, Action, pk=pk)
    form = plan_forms.OverrideForm(request.POST or None, initial={"version": action.version})

    def save(data: dict[str, Any]) -> None:
        action_override_rag(
            action=action,
            expected_version=data["version"],
            kind=data["kind"],
            rag=data["rag"],
            reason=data["reason"],
            by=request.user,
        )

    return _versioned_action_form(
        request,
        action=action,
        form=form,
        save=save,
        success="RAG override recorded",
        heading=f"Set a RAG by hand for {action.ref}",
    )


@council_view(Perm.UPDATE_OWN_ACTIONS)
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_to_update(request, pk)
    form = plan_forms.ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "version": action.version,
            "status_after": action.status,
            "update_date": timezone.localdate(),
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        links = [(data["link_title"], data["link"])] if data.get("link") else []
        try:
            progress_update_add(
                action=action,
                text=data["text"],
                status_after=data["status_after"],
                update_date=data["update_date"],
                expected_version=data["version"],
                links=links,
                files=[data["file"]] if data.get("file") else [],
                by=request.user,
            )
        except StaleEditError:
            conflict = Action.objects.get(pk=action.pk)
            _stale(request, form, action)
        except PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Progress update added")
            return redirect(_action_url(request, action))
    return render(
        request,
        "plans/action_form.html",
        {
            "form": form,
            "heading": f"Add a progress update to {action.ref}",
            "action": action,
            "conflict": conflict,
            "multipart": True,
        },
    )


@council_view(Perm.UPDATE_OWN_ACTIONS)
def milestone_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_to_update(request, pk)
    form = plan_forms.MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        milestone_add(action=action, by=request.user, **form.cleaned_data)
        messages.success(request, "Milestone added")
        return redirect(_action_url(request, action))
    return render(
        request,
        "plans/action_form.html",
        {"form": form, "heading": f"Add a milestone to {action.ref}", "action": action},
    )


@council_view(Perm.UPDATE_OWN_ACTIONS)
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = council_object(request, Milestone, pk=pk)
    action = _action_to_update(request, milestone.action_id)
    undo = request.POST.get("undo") == "1"
    milestone_complete(
        milestone=milestone, completed_on=None if undo else timezone.localdate(), by=request.user
    )
    messages.success(request, "Milestone reopened" if undo else "Milestone marked as done")
    return redirect(_action_url(request, action))


@council_view(Perm.VIEW_PLAN)
def evidence_download(request: HttpRequest, pk: int) -> Any:
    _require_detail(request)
    evidence = council_object(request, Evidence, pk=pk)
    if not evidence.file:
        raise Http404("No file")
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=(evidence.file.name or "evidence").rsplit("/", 1)[-1],
    )


@council_view(Perm.VIEW_PLAN)
def owner_list(request: HttpRequest) -> HttpResponse:
    _require_detail(request)
    council = current_council(request)
    return render(
        request,
        "plans/owner_list.html",
        {"owners": owners(council=council).select_related("user"), "can_edit": _can_edit(request)},
    )


@council_view(Perm.EDIT_PLAN)
def owner_add(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = plan_forms.OwnerForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        owner = owner_get_or_create(
            council=council,
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data["organisation"],
            user=form.cleaned_data["user"],
            email=form.cleaned_data["email"],
        )
        owner.job_title = form.cleaned_data["job_title"]
        owner.save()
        messages.success(request, f"{owner} added")
        return redirect("plans:owner-list", _code(request))
    return render(request, "plans/form.html", {"form": form, "heading": "Add an owner"})


@council_view(Perm.VIEW_PLAN)
def my_actions(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    return render(
        request,
        "plans/my_actions.html",
        {"due_items": due_and_overdue(council=council, user=request.user)},
    )


@council_view(Perm.VIEW_PLAN)
def plan_export(request: HttpRequest) -> HttpResponse:
    _require_detail(request)
    council = current_council(request)
    plan = plan_active(council=council)
    if plan is None:
        raise Http404("No plan")
    data = plan_export_xlsx(council=council, plan=plan)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"improvement-plan-{council.la_number}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@council_view(Perm.EDIT_PLAN)
def plan_import(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    plan = plan_active(council=council)
    form = plan_forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if plan is None:
        messages.info(request, "Start a plan before importing actions")
        return redirect("plans:plan-create", council.la_number)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = plan_import_xlsx(
                council=council,
                plan=plan,
                data=upload.read(),
                by=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok and not result.dry_run:
                messages.success(
                    request,
                    f"Plan imported: {len(result.created)} added, {len(result.updated)} changed, "
                    f"{len(result.unchanged)} unchanged, {len(result.updates_added)} updates",
                )
                return redirect("plans:plan-overview", council.la_number)
    return render(request, "plans/plan_import.html", {"form": form, "result": result})
