"""Demo board business for Northbridge (fictional): recent and next meetings, packs, alerts.

`board_demo_setup(council)` adds, once each:
- the Improvement Board's meetings of the last two months (held) and its next meeting (planned,
  a few weeks ahead), so the council home shows the next meeting and its pack;
- two issued monthly board packs (the last two month ends) with the author's commentary,
  this month's board pack draft and a DfE progress update in progress, all through
  `thrive.packs.services` (an issued pack's PDF is stored with its checksum);
- the director's acknowledgement of one early-warning alert, if the recompute raised any.
Run it after the measures are computed and the audits and voice are in, so the packs carry them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from thrive.alerts.models import Alert, AlertStatus
from thrive.alerts.services import alert_acknowledge
from thrive.councils.models import Council
from thrive.governance.models import Board, Meeting, MeetingStatus
from thrive.governance.services import (
    agenda_item_add,
    decision_add,
    log_action_add,
    meeting_create,
    paper_add,
)
from thrive.packs.kinds import pack_type
from thrive.packs.models import Pack, PackKind
from thrive.packs.services import pack_commentary_set, pack_create, pack_issue

LOCATION = "Town Hall, Committee Room 2"

BOARD_COMMENTARY: dict[str, str] = {
    "headlines": (
        "Workforce stability is improving: agency use and vacancies are both down on the spring, "
        "and average caseloads in assessment teams are close to the target of 18. Timeliness of "
        "assessments has not yet recovered and remains our main concern."
    ),
    "plan": (
        "Most actions are on track. The assessment template slipped to the supplier's next "
        "release (revised date agreed by the Board); the housing protocol is ahead of plan."
    ),
    "exceptions": (
        "Repeat child protection plans show a special cause of concern: the QA team's deep dive "
        "reports next month. The Board is asked to note the early-warning alerts below."
    ),
    "audits": (
        "Good or better audit grades have risen each month. Recording the child's voice is "
        "the weakest theme, and an improvement action has been raised from it."
    ),
    "voice": (
        "Care leavers tell us the housing protocol is making a difference; staff say "
        "supervision is more regular but not yet reflective enough."
    ),
    "decisions": "The Board is asked to agree the supervision audit as a standing item.",
}
DFE_COMMENTARY: dict[str, str] = {
    "priorities": (
        "Priority 1 (protection) is largely delivered: strategy discussions now happen within "
        "one working day with police and health. Priorities 2 and 3 are in progress; the "
        "assessment template is the main risk to the timetable."
    ),
    "workforce": (
        "Fourteen newly qualified social workers started in September; nine agency posts have "
        "been made permanent."
    ),
}


@dataclass(frozen=True)
class BoardDemo:
    meetings_added: int
    packs_issued: int
    drafts_started: int
    alerts_acknowledged: int


def _month_end_before(day: date) -> date:
    return day.replace(day=1) - timedelta(days=1)


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _meetings(council: Council, board: Board, today: date) -> int:
    """Last two months' meetings (held) and the next one (planned), unless a future one exists."""
    if Meeting.objects.for_council(council).filter(board=board, date__gte=today).exists():
        return 0
    added = 0
    last_month_end = _month_end_before(today)
    for held_on in (
        _month_end_before(last_month_end) - timedelta(days=6),
        last_month_end - timedelta(days=6),
    ):
        if board.meetings.filter(date=held_on).exists():
            continue
        meeting = meeting_create(
            board=board,
            date=held_on,
            location=LOCATION,
            status=MeetingStatus.HELD,
            minutes=(
                "The Board reviewed the monthly pack, challenged the pace on assessments and "
                "agreed the exceptions report."
            ),
        )
        agenda_item_add(meeting=meeting, title="Monthly board pack and exceptions", presenter="DCS")
        agenda_item_add(meeting=meeting, title="Audit findings", presenter="Quinn QA Lead")
        decision_add(meeting=meeting, text="The exceptions report is agreed.")
        added += 1
    upcoming = meeting_create(board=board, date=today + timedelta(days=16), location=LOCATION)
    for title, presenter in [
        ("Monthly board pack: headline measures and exceptions", "Director of Children's Services"),
        ("Early-warning alerts: repeat child protection plans", "Quinn QA Lead"),
        ("DfE progress update: draft for comment", "Director of Children's Services"),
        ("Voice of children: you said, we did", "Participation lead"),
    ]:
        agenda_item_add(meeting=upcoming, title=title, presenter=presenter)
    log_action_add(
        meeting=upcoming,
        text="Report the deep dive into repeat child protection plans",
        owner_name="Quinn QA Lead",
        due_date=upcoming.date,
    )
    return added + 1


def _issued_board_packs(council: Council, today: date, author: Any) -> int:
    if (
        Pack.objects.for_council(council)
        .filter(kind=PackKind.BOARD, issued_at__isnull=False)
        .exists()
    ):
        return 0
    sections = dict(pack_type(PackKind.BOARD).sections)
    issued = 0
    last_month_end = _month_end_before(today)
    for as_at in (_month_end_before(last_month_end), last_month_end):
        pack = pack_create(council=council, as_at=as_at, user=author)
        for key, text in BOARD_COMMENTARY.items():
            if key in sections:
                pack = pack_commentary_set(pack=pack, key=key, text=text, revision=pack.revision)
        pack = pack_issue(pack=pack, user=author, revision=pack.revision)
        meeting = (
            Meeting.objects.for_council(council)
            .filter(board__kind="improvement_board", date__gt=as_at)
            .order_by("date")
            .first()
        )
        if meeting is not None:
            paper_add(
                meeting=meeting,
                title=pack.title,
                link=reverse("packs:pack-detail", args=[council.la_number, pack.pk]),
            )
        issued += 1
    return issued


def _drafts(council: Council, today: date, author: Any) -> int:
    """This month's board pack draft (if the data's arrival has not started it) and the DfE
    update in progress, with some of the author's commentary."""
    started = 0
    packs = Pack.objects.for_council(council)
    if not packs.filter(
        kind=PackKind.BOARD, as_at__year=today.year, as_at__month=today.month
    ).exists():
        pack_create(council=council, as_at=today, user=author)
        started += 1
    if not packs.filter(kind=PackKind.DFE_UPDATE).exists():
        pack = pack_create(council=council, as_at=today, user=author, kind=PackKind.DFE_UPDATE)
        sections = dict(pack_type(PackKind.DFE_UPDATE).sections)
        for key, text in DFE_COMMENTARY.items():
            if key in sections:
                pack = pack_commentary_set(pack=pack, key=key, text=text, revision=pack.revision)
        started += 1
    return started


def _acknowledge_one_alert(council: Council, director: Any) -> int:
    alerts = Alert.objects.for_council(council)
    if director is None or alerts.exclude(status=AlertStatus.OPEN).exists():
        return 0
    alert = alerts.filter(status=AlertStatus.OPEN).order_by("measure_id", "period").first()
    if alert is None:
        return 0
    alert_acknowledge(
        alert=alert,
        user=director,
        note="Discussed with the QA lead: a deep dive is under way and reports to the Board.",
        expected_version=alert.version,
    )
    return 1


def board_demo_setup(council: Council, *, today: date | None = None) -> BoardDemo:
    """Add the demo meetings, packs and an acknowledged alert (each step once)."""
    today = today or timezone.localdate()
    board = Board.objects.for_council(council).filter(kind="improvement_board").first()
    meetings = _meetings(council, board, today) if board is not None else 0
    author, director = _user("analyst"), _user("director")
    issued = _issued_board_packs(council, today, author)
    drafts = _drafts(council, today, author)
    return BoardDemo(
        meetings_added=meetings,
        packs_issued=issued,
        drafts_started=drafts,
        alerts_acknowledged=_acknowledge_one_alert(council, director),
    )
