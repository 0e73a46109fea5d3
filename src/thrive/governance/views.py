"""Governance pages: boards, members, meetings and their items, decisions, action log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thrive.councils.decorators import council_view
from thrive.councils.permissions import can
from thrive.councils.roles import Action as Perm
from thrive.councils.scoping import council_object, council_queryset, current_council
from thrive.governance import forms as gov_forms
from thrive.governance.models import Board, LogAction, LogStatus, Meeting, Paper
from thrive.governance.services import (
    GovernanceError,
    agenda_item_add,
    attendance_add,
    board_create,
    decision_add,
    log_action_add,
    log_action_done,
    log_action_promote,
    meeting_create,
    member_add,
    paper_add,
)


def _can_edit(request: HttpRequest) -> bool:
    return can(request.user, Perm.EDIT_PLAN, current_council(request))


@council_view(Perm.VIEW_PLAN)
def board_list(request: HttpRequest) -> HttpResponse:
    boards = council_queryset(request, Board).prefetch_related("meetings", "members")
    open_log = council_queryset(request, LogAction).filter(status=LogStatus.OPEN).count()
    return render(
        request,
        "governance/board_list.html",
        {"boards": boards, "open_log": open_log, "can_edit": _can_edit(request)},
    )


@council_view(Perm.EDIT_PLAN)
def board_add(request: HttpRequest) -> HttpResponse:
    form = gov_forms.BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        board = board_create(council=current_council(request), **form.cleaned_data)
        messages.success(request, f"{board.name} added")
        return redirect("governance:board-detail", board.council.la_number, board.pk)
    return render(request, "governance/form.html", {"form": form, "heading": "Add a board"})


@council_view(Perm.VIEW_PLAN)
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    board = council_object(request, Board, pk=pk)
    return render(
        request,
        "governance/board_detail.html",
        {
            "board": board,
            "members": board.members.all(),
            "meetings": board.meetings.all(),
            "can_edit": _can_edit(request),
            "today": timezone.localdate(),
        },
    )


@council_view(Perm.EDIT_PLAN)
def member_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    board = council_object(request, Board, pk=pk)
    form = gov_forms.MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member_add(board=board, **form.cleaned_data)
        messages.success(request, "Member added")
        return redirect("governance:board-detail", board.council.la_number, board.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "heading": f"Add a member to {board.name}", "board": board},
    )


@council_view(Perm.EDIT_PLAN)
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    board = council_object(request, Board, pk=pk)
    form = gov_forms.MeetingForm(request.POST or None, initial={"status": "planned"})
    if request.method == "POST" and form.is_valid():
        meeting = meeting_create(board=board, **form.cleaned_data)
        messages.success(request, "Meeting added")
        return redirect("governance:meeting-detail", board.council.la_number, meeting.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "heading": f"Add a meeting of {board.name}", "board": board},
    )


@council_view(Perm.VIEW_PLAN)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = council_object(request, Meeting, pk=pk)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "attendance": meeting.attendance.all(),
            "papers": meeting.papers.all(),
            "decisions": meeting.decisions.all(),
            "log_actions": meeting.log_actions.select_related("plan_action"),
            "can_edit": _can_edit(request),
            "item_kinds": [(k, v[1]) for k, v in gov_forms.ITEM_FORMS.items()],
        },
    )


@council_view(Perm.EDIT_PLAN)
def meeting_item_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    meeting = council_object(request, Meeting, pk=pk)
    if kind not in gov_forms.ITEM_FORMS:
        raise Http404("No such item")
    form_class, heading = gov_forms.ITEM_FORMS[kind]
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = dict(form.cleaned_data)
        try:
            adders: dict[str, Any] = {
                "agenda": agenda_item_add,
                "attendance": attendance_add,
                "paper": paper_add,
                "decision": decision_add,
                "log": log_action_add,
            }
            adders[kind](meeting=meeting, **data)
        except GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Saved")
            return redirect("governance:meeting-detail", meeting.council.la_number, meeting.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "heading": heading, "meeting": meeting, "multipart": kind == "paper"},
    )


@council_view(Perm.VIEW_PLAN)
def paper_download(request: HttpRequest, pk: int) -> Any:
    from django.http import FileResponse

    paper = council_object(request, Paper, pk=pk)
    if not paper.file:
        raise Http404("No file")
    return FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=(paper.file.name or "paper").rsplit("/", 1)[-1],
    )


@council_view(Perm.VIEW_PLAN)
def action_log(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    items = council_queryset(request, LogAction).select_related(
        "meeting", "meeting__board", "plan_action"
    )
    if status in LogStatus.values:
        items = items.filter(status=status)
    return render(
        request,
        "governance/action_log.html",
        {
            "items": items.order_by("due_date", "meeting__date", "ref"),
            "status": status,
            "statuses": [("all", "All"), *LogStatus.choices],
            "can_edit": _can_edit(request),
            "today": timezone.localdate(),
        },
    )


@council_view(Perm.EDIT_PLAN)
def log_promote(request: HttpRequest, pk: int) -> HttpResponse:
    item = council_object(request, LogAction, pk=pk)
    council = current_council(request)
    form = gov_forms.PromoteForm(
        request.POST or None, council=council, initial={"due_date": item.due_date}
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = log_action_promote(log_action=item, by=request.user, **form.cleaned_data)
        except GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Added to the plan as action {action.ref}")
            return redirect("plans:action-detail", council.la_number, action.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "heading": "Promote to the plan", "log_item": item, "meeting": item.meeting},
    )


@council_view(Perm.EDIT_PLAN)
@require_POST
def log_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = council_object(request, LogAction, pk=pk)
    try:
        log_action_done(log_action=item)
    except GovernanceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Action {item.ref} marked as done")
    return redirect("governance:meeting-detail", item.council.la_number, item.meeting_id)
