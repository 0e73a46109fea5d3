"""The demo: Northbridge's fictional inspection, a living plan and its Improvement Board."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

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
    """The whole demo, returns included: measures rated against the targets, alerts raised
    (one acknowledged), and the issued board packs carry the figures."""
    from thrive.alerts.models import Alert
    from thrive.demo.build import demo_build
    from thrive.demo.returns import demo_data_load
    from thrive.measures.models import MeasureValue
    from thrive.packs.models import Pack
    from thrive.returns.models import Submission

    settings.THRIVE_DATA_DIR = tmp_path
    built = demo_build(password="demo-password-for-tests-1")
    kinds = set(Submission.objects.values_list("return_type", flat=True))
    assert kinds == {"ssda903", "cin", "annexa", "workforce"}
    assert built.versions_loaded == Submission.objects.count() >= 7
    assert demo_data_load() == 0  # safe to rerun
    assert built.measure_values_stored > 0
    rags = set(MeasureValue.objects.exclude(rag="").values_list("rag", flat=True))
    assert rags == {"red", "amber", "green"}
    alerts = Alert.objects.all()
    assert alerts.exists() and alerts.filter(status="acknowledged").count() == 1
    issued = Pack.objects.filter(kind="board", status="issued").order_by("as_at").last()
    assert issued is not None
    figures = [row for row in issued.snapshot["headlines"] if row.get("value") is not None]
    assert figures, "an issued board pack shows the headline measures' values"


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


def test_demo_every_module_is_alive(db: Any, client: Any, settings: Any, tmp_path: Any) -> None:
    """Audits, voice, governance, packs and the home page all have something to show."""
    from thrive.audits.models import Audit, AuditProgramme, LearningTheme, Moderation
    from thrive.audits.selectors import grade_distribution_by_month, theme_plan_actions
    from thrive.demo.build import demo_build
    from thrive.governance.models import Meeting
    from thrive.packs.models import Pack
    from thrive.voice.models import Feedback, YouSaidWeDid
    from thrive.web.selectors import council_home

    settings.THRIVE_DATA_DIR = tmp_path
    built = demo_build(password="demo-password-for-tests-1", load_returns=False)
    assert built.audits_added and built.voice_added and built.packs_issued == 2
    council = Council.objects.get(la_number=DEMO_COUNCIL_CODE)

    # Six finished months of audits and this month's under way; grades improve over time.
    assert AuditProgramme.objects.for_council(council).count() == 7
    months = grade_distribution_by_month(council=council)
    assert len(months) >= 6
    good = [(row["counts"][0] + row["counts"][1]) / row["total"] for row in months[:6]]
    assert good[-1] > good[0]
    moderated = Moderation.objects.for_council(council)
    assert moderated.filter(outcome="changed").count() == 2
    assert moderated.filter(completed_at__isnull=True).exists()  # one waits for a moderator
    assert Audit.objects.for_council(council).filter(submitted_at__isnull=True).exists()
    linked = [t for t in LearningTheme.objects.for_council(council) if theme_plan_actions(theme=t)]
    assert len(linked) == 2

    # Voice: quotes only with consent, linked to actions; you said, we did published.
    feedback = Feedback.objects.for_council(council)
    assert feedback.count() >= 12
    assert {f.source_type for f in feedback} >= {"child", "care_leaver", "staff"}
    assert all(f.attributed_role for f in feedback if f.shareable_quote)
    assert feedback.filter(quote__gt="", consent_to_quote=False).exists()
    assert feedback.filter(actions__isnull=False).exists()
    entries = YouSaidWeDid.objects.for_council(council)
    assert entries.filter(published=True).count() == 3 and entries.filter(published=False).count()

    # The next meeting is ahead; two board packs issued with their PDFs; a DfE update drafted.
    today = timezone.localdate()
    assert Meeting.objects.for_council(council).filter(date__gt=today, status="planned").exists()
    issued = Pack.objects.for_council(council).filter(status="issued", kind="board")
    assert issued.count() == 2
    for pack in issued:
        assert (tmp_path / pack.pdf_path).read_bytes()[:5] == b"%PDF-" and pack.pdf_sha256
    dfe = Pack.objects.for_council(council).get(kind="dfe")
    assert dfe.status == "draft" and any(s.commentary for s in dfe.sections.all())

    director = get_user_model().objects.get(username="director")
    home = council_home(council=council, user=director)
    assert home.meeting is not None and home.meeting.date > today
    assert home.pack is not None and home.audit_months

    signed_in_client(client, director)
    code = council.la_number
    body = _page(client, reverse("web:council-home", args=[code]))
    assert f"{home.meeting.date:%-d %B %Y}" in body
    audits = _page(client, reverse("audits:dashboard", args=[code]))
    assert "No audit programmes yet" not in audits and "monthly audit" in audits
    first = months[0]
    share = round(100 * sum(first["counts"][:2]) / first["total"])
    assert f'<th scope="row" class="govuk-table__header">{first["month"]}</th>' in audits
    assert f">{share}%</td>" in audits  # the grades-over-time table names its months
    voice = _page(client, reverse("voice:overview", args=[code]))
    assert "No feedback recorded yet" not in voice and "care leaver, 19" in voice
    said = _page(client, reverse("voice:you-said-we-did", args=[code]))
    assert "housing protocol" in said
    packs = _page(client, reverse("packs:pack-list", args=[code]))
    assert packs.count("Issued") >= 2 and "DfE progress update" in packs
    theme = linked[0]
    assert "Direct-work toolkit" in _page(
        client, reverse("audits:theme-detail", args=[code, theme.pk])
    ) or "Supervision audit" in _page(client, reverse("audits:theme-detail", args=[code, theme.pk]))

    # Safe to rerun: nothing is added twice.
    again = demo_build(password="demo-password-for-tests-1", load_returns=False)
    assert (again.audits_added, again.voice_added, again.packs_issued) == (False, False, 0)
    assert Pack.objects.for_council(council).count() == 4
    assert Meeting.objects.for_council(council).filter(date__gt=today).count() == 1
