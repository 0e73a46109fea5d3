"""The demo: Northbridge's fictional inspection, a living plan and its Improvement Board."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import signed_in_client
from thrive.councils.models import Council
from thrive.demo.people import DEMO_COUNCIL_CODE, demo_setup
from thrive.demo.plans import plans_demo_setup
from thrive.governance.models import Board, LogAction
from thrive.inspections.models import Inspection
from thrive.plans.models import Action
from thrive.plans.selectors import action_rows, plan_active


def test_demo_plan_is_in_progress_and_pages_render(db: Any, client: Any) -> None:
    demo_setup(password="demo-password-for-tests-1")
    council = Council.objects.get(la_number=DEMO_COUNCIL_CODE)
    assert plans_demo_setup(council) is True
    assert plans_demo_setup(council) is False  # safe to rerun
    inspection = Inspection.objects.get(council=council, kind="standard")
    assert inspection.overall_grade == "inadequate"
    assert inspection.recommendations.count() == 6
    assert inspection.clocks.get().completed_on is not None
    plan = plan_active(council=council)
    assert plan is not None and plan.priorities.count() == 4
    rows = action_rows(council=council, plan=plan)
    assert len(rows) == 11
    assert {r.delivery.rag for r in rows} >= {"red", "green"}
    assert any(r.action.revised_due_date for r in rows)
    assert any(r.impact.rag == "amber" and "Set by hand" in r.impact.reason for r in rows)
    assert any(r.action.owner and r.action.owner.organisation == "Northbridge Police" for r in rows)
    assert Board.objects.filter(council=council).count() == 2
    assert LogAction.objects.filter(council=council, plan_action__isnull=False).exists()

    director = get_user_model().objects.get(username="director")
    signed_in_client(client, director)
    code = council.la_number
    action = Action.objects.filter(council=council, revised_due_date__isnull=False).first()
    assert action is not None
    rec = inspection.recommendations.first()
    assert rec is not None
    board = Board.objects.filter(council=council, kind="improvement_board").first()
    assert board is not None
    meeting = board.meetings.first()
    assert meeting is not None
    for url in [
        reverse("plans:plan-overview", args=[code]),
        reverse("plans:plan-progress", args=[code]),
        reverse("plans:action-detail", args=[code, action.pk]),
        reverse("inspections:inspection-list", args=[code]),
        reverse("inspections:inspection-detail", args=[code, inspection.pk]),
        reverse("inspections:golden-thread", args=[code, rec.pk]),
        reverse("governance:board-detail", args=[code, board.pk]),
        reverse("governance:meeting-detail", args=[code, meeting.pk]),
        reverse("governance:action-log", args=[code]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(reverse("plans:action-detail", args=[code, action.pk])).content.decode()
    assert "supplier&#x27;s next release" in body or "supplier's next release" in body
    assert "Revised due date" in body  # the timeline names the change


@pytest.mark.slow
def test_demo_returns_load_as_one_upload_per_return(db: Any, settings: Any, tmp_path: Any) -> None:
    from thrive.demo.returns import demo_data_load
    from thrive.returns.models import Submission

    settings.THRIVE_DATA_DIR = tmp_path
    demo_setup(password="demo-password-for-tests-1")
    loaded = demo_data_load()
    kinds = set(Submission.objects.values_list("return_type", flat=True))
    assert kinds == {"ssda903", "cin", "annexa", "workforce"}
    assert loaded == Submission.objects.count() >= 7
    assert demo_data_load() == 0  # safe to rerun
