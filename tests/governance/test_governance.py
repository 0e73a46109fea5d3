"""Governance: meetings with their items, and promoting the action log into the plan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tests.factories import signed_in_client
from tests.plans.factories import make_plan
from thrive.governance.models import LogAction, LogStatus
from thrive.governance.services import (
    GovernanceError,
    board_create,
    log_action_add,
    log_action_done,
    log_action_promote,
    meeting_create,
)
from thrive.plans.models import Action


def _meeting(council: Any) -> Any:
    board = board_create(council=council, name="Improvement Board", kind="improvement_board")
    return meeting_create(board=board, date=date(2026, 3, 10))


def test_promote_log_action_into_the_plan_once(council_factory: Any, person: Any) -> None:
    council = council_factory()
    user = person("director", council)
    _plan, priority, owner = make_plan(council)
    item = log_action_add(
        meeting=_meeting(council),
        text="Report on agency social worker conversion",
        owner_name="DCS",
        due_date=date(2026, 5, 1),
    )
    action = log_action_promote(
        log_action=item,
        priority=priority,
        owner=owner,
        start_date=date(2026, 3, 11),
        due_date=None,
        by=user,
    )
    item.refresh_from_db()
    assert (item.status, item.plan_action) == (LogStatus.PROMOTED, action)
    assert action.source_type == "board_decision"
    assert action.source_id == f"governance.logaction:{item.pk}"
    assert action.due_date == date(2026, 5, 1)
    assert "Improvement Board, 10 March 2026, action A1" in action.source_text
    with pytest.raises(GovernanceError, match=r"already in the plan as action 1\.1"):
        log_action_promote(
            log_action=item, priority=priority, owner=None, start_date=None, due_date=None, by=user
        )
    assert Action.objects.filter(council=council).count() == 1


def test_meeting_pages_and_item_forms(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    meeting = _meeting(council)
    signed_in_client(client, person("manager", council))
    code = council.la_number
    for kind, data in [
        ("agenda", {"title": "Plan progress and exceptions", "presenter": "DCS"}),
        ("attendance", {"name": "Jo Chair", "organisation": "Independent", "kind": "present"}),
        ("decision", {"text": "The board agreed the revised workforce strategy."}),
        (
            "log",
            {
                "text": "Bring a deep dive on CP plans",
                "owner_name": "Head of QA",
                "due_date": "14/04/2026",
            },
        ),
        ("paper", {"title": "Performance report", "link": "https://example.test/report.pdf"}),
    ]:
        url = reverse("governance:meeting-item-add", args=[code, meeting.pk, kind])
        assert client.post(url, data).status_code == 302, kind
    body = client.get(
        reverse("governance:meeting-detail", args=[code, meeting.pk])
    ).content.decode()
    for text in [
        "Plan progress and exceptions",
        "Jo Chair",
        "revised workforce strategy",
        "deep dive on CP plans",
        "Performance report",
    ]:
        assert text in body
    bad = client.post(
        reverse("governance:meeting-item-add", args=[code, meeting.pk, "paper"]), {"title": "x"}
    )
    assert "Upload the paper or give a link to it" in bad.content.decode()
    assert (
        client.get(
            reverse("governance:meeting-item-add", args=[code, meeting.pk, "nonsense"])
        ).status_code
        == 404
    )


def test_promote_page_creates_the_action(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    _plan, priority, owner = make_plan(council)
    item = log_action_add(meeting=_meeting(council), text="Audit all PLO cases", owner_name="HoS")
    signed_in_client(client, person("admin", council))
    response = client.post(
        reverse("governance:log-promote", args=[council.la_number, item.pk]),
        {
            "priority": priority.pk,
            "owner": owner.pk,
            "start_date": "01/06/2026",
            "due_date": "30/06/2026",
        },
    )
    action = Action.objects.get(council=council)
    assert response.status_code == 302
    assert LogAction.objects.get(pk=item.pk).plan_action == action
    log = client.get(
        reverse("governance:action-log", args=[council.la_number]), {"status": "promoted"}
    )
    assert "Audit all PLO cases" in log.content.decode()


def test_done_in_a_stale_tab_keeps_the_promotion(council_factory: Any, person: Any) -> None:
    """Issue 15: one tab promotes the item, a second (loaded before) marks it done; the link
    to the plan action survives and the second is refused."""
    council = council_factory()
    _plan, priority, owner = make_plan(council)
    item = log_action_add(meeting=_meeting(council), text="Audit all PLO cases", owner_name="HoS")
    tab_one, tab_two = (LogAction.objects.get(pk=item.pk) for _ in range(2))
    action = log_action_promote(
        log_action=tab_one,
        priority=priority,
        owner=owner,
        start_date=date(2026, 6, 1),
        due_date=date(2026, 6, 30),
        by=person("director", council),
    )
    with pytest.raises(GovernanceError, match=r"now “promoted to the plan”\. Nothing has been"):
        log_action_done(log_action=tab_two)
    item.refresh_from_db()
    assert (item.status, item.plan_action) == (LogStatus.PROMOTED, action)


def test_mark_done_page_twice_explains_and_changes_nothing(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    item = log_action_add(meeting=_meeting(council), text="Audit all PLO cases", owner_name="HoS")
    signed_in_client(client, person("manager", council))
    url = reverse("governance:log-done", args=[council.la_number, item.pk])
    assert client.post(url).status_code == 302
    assert LogAction.objects.get(pk=item.pk).status == LogStatus.DONE
    again = client.post(url, follow=True)
    assert again.status_code == 200
    assert "Action A1 was changed by someone else" in again.content.decode()
    assert LogAction.objects.get(pk=item.pk).status == LogStatus.DONE
