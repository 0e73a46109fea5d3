"""Writes for boards, meetings, papers, decisions and the action log."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from thrive.councils.models import Council
from thrive.governance.models import (
    AgendaItem,
    Attendance,
    Board,
    BoardMember,
    Decision,
    LogAction,
    LogStatus,
    Meeting,
    Paper,
)
from thrive.plans.models import Action, Owner, Priority
from thrive.plans.services import PlanError, plan_action_create

LOG_NOT_OPEN = (
    "Action {ref} was changed by someone else while you had the page open: it is now "
    "“{status}”. Nothing has been changed. Check the action log below and try again if needed."
)


class GovernanceError(ValueError):
    """A governance change was refused; the message says why."""


ALREADY_PROMOTED = "This action log item is already in the plan as action {ref}"
PAPER_NEEDS_FILE_OR_LINK = "Upload the paper or give a link to it"


def board_create(
    *, council: Council, name: str, kind: str, purpose: str = "", meets: str = ""
) -> Board:
    return Board.objects.create(council=council, name=name, kind=kind, purpose=purpose, meets=meets)


def member_add(
    *, board: Board, name: str, organisation: str, role_on_board: str = "", user: Any = None
) -> BoardMember:
    return BoardMember.objects.create(
        council=board.council,
        board=board,
        name=name,
        organisation=organisation,
        role_on_board=role_on_board,
        user=user,
    )


def meeting_create(
    *, board: Board, date: date, location: str = "", status: str = "planned", minutes: str = ""
) -> Meeting:
    return Meeting.objects.create(
        council=board.council,
        board=board,
        date=date,
        location=location,
        status=status,
        minutes=minutes,
    )


def agenda_item_add(*, meeting: Meeting, title: str, presenter: str = "") -> AgendaItem:
    number = meeting.agenda.count() + 1
    return AgendaItem.objects.create(
        council=meeting.council, meeting=meeting, number=number, title=title, presenter=presenter
    )


def attendance_add(
    *,
    meeting: Meeting,
    name: str,
    organisation: str = "",
    kind: str = "present",
    member: BoardMember | None = None,
) -> Attendance:
    return Attendance.objects.create(
        council=meeting.council,
        meeting=meeting,
        member=member,
        name=name,
        organisation=organisation,
        kind=kind,
    )


def paper_add(
    *, meeting: Meeting, title: str, link: str = "", file: UploadedFile | None = None
) -> Paper:
    if not link and file is None:
        raise GovernanceError(PAPER_NEEDS_FILE_OR_LINK)
    paper = Paper(council=meeting.council, meeting=meeting, title=title, link=link)
    if file is not None:
        paper.file = file
    paper.save()
    return paper


def decision_add(*, meeting: Meeting, text: str, ref: str = "") -> Decision:
    ref = ref or f"D{meeting.decisions.count() + 1}"
    return Decision.objects.create(council=meeting.council, meeting=meeting, ref=ref, text=text)


def log_action_add(
    *, meeting: Meeting, text: str, owner_name: str, due_date: date | None = None, ref: str = ""
) -> LogAction:
    ref = ref or f"A{meeting.log_actions.count() + 1}"
    return LogAction.objects.create(
        council=meeting.council,
        meeting=meeting,
        ref=ref,
        text=text,
        owner_name=owner_name,
        due_date=due_date,
    )


@transaction.atomic
def log_action_done(*, log_action: LogAction) -> LogAction:
    """Mark an open log item done.

    The caller's copy may be stale (promoted or marked done in another tab since the meeting
    page was loaded), and saving it would drop the link to the plan action. So the item is
    re-read under a row lock, only the status is written, and only from open.

    Raises:
        GovernanceError: the item is no longer open; nothing is changed.
    """
    current = LogAction.objects.select_for_update().get(pk=log_action.pk)
    if current.status != LogStatus.OPEN:
        raise GovernanceError(
            LOG_NOT_OPEN.format(ref=current.ref, status=current.get_status_display().lower())
        )
    current.status = LogStatus.DONE
    current.save(update_fields=["status"])
    return current


@transaction.atomic
def log_action_promote(
    *,
    log_action: LogAction,
    priority: Priority,
    owner: Owner | None,
    start_date: date | None,
    due_date: date | None,
    by: Any,
) -> Action:
    """Raise a plan action from an action log item; both keep the link to each other."""
    log_action = LogAction.objects.select_for_update().get(pk=log_action.pk)
    if log_action.plan_action_id is not None:
        raise GovernanceError(ALREADY_PROMOTED.format(ref=log_action.plan_action.ref))  # type: ignore[union-attr]
    meeting = log_action.meeting
    try:
        action = plan_action_create(
            council=log_action.council,
            priority=priority,
            title=log_action.text,
            owner=owner,
            start_date=start_date,
            due_date=due_date or log_action.due_date,
            source_type="board_decision",
            source_id=f"governance.logaction:{log_action.pk}",
            source_text=(
                f"{meeting.board.name}, {meeting.date:%-d %B %Y}, action {log_action.ref}: "
                f"{log_action.text}"
            ),
            created_by=by,
        )
    except PlanError as exc:
        raise GovernanceError(str(exc)) from exc
    log_action.plan_action = action
    log_action.status = LogStatus.PROMOTED
    log_action.save()
    return action
