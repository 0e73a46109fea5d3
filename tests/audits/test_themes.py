"""Theme counts and trends (exact numbers), raising a plan action, and the impact provider."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.audits.builders import make_audit, make_programme, stored, submit
from tests.plans.factories import make_plan
from thrive.audits import services
from thrive.audits.impact import audit_theme_impact
from thrive.audits.models import Audit, AuditQuestion, Grade, QuestionKind
from thrive.audits.selectors import theme_counts, theme_trend
from thrive.plans.impact import impact_providers

pytestmark = pytest.mark.django_db


def _at(audit: Audit, when: datetime) -> None:
    Audit.objects.filter(pk=audit.pk).update(submitted_at=when)


def test_theme_counts_and_trends_by_month_and_team(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    plans_theme = services.learning_theme_create(
        council=council, name="Written safety plans", description=""
    )
    voice = services.learning_theme_create(
        council=council, name="Voice of the child", description=""
    )
    programme = make_programme(council, lead, share=0)
    # The yes/no question evidences "written safety plans": a "no" counts the theme.
    question = AuditQuestion.objects.get(
        section__version=programme.tool.current_version, kind=QuestionKind.YES_NO_PARTLY
    )
    question.themes.add(plans_theme)
    tz = timezone.get_current_timezone()
    cases = [
        ("C1", "North", Grade.GOOD, [plans_theme], datetime(2026, 1, 10, tzinfo=tz)),
        (
            "C2",
            "North",
            Grade.REQUIRES_IMPROVEMENT,
            [plans_theme, voice],
            datetime(2026, 1, 20, tzinfo=tz),
        ),
        ("C3", "South", Grade.OUTSTANDING, [voice], datetime(2026, 2, 3, tzinfo=tz)),
        ("C4", "South", Grade.GOOD, [], datetime(2026, 2, 4, tzinfo=tz)),
    ]
    for child, team, grade, themes, when in cases:
        audit = submit(make_audit(programme, auditor, child, team=team), auditor, grade, themes)
        _at(audit, when)
    # C4 was tagged with nothing, but its safety-plan question was answered "no".
    c4 = Audit.objects.get(child_id=stored(programme.council, "C4"))
    services_answer = c4.answers.get(question=question)
    services_answer.value = "no"
    services_answer.save()

    rows = {row.theme.name: row for row in theme_counts(council=council)}
    assert rows["Written safety plans"].audits == 3
    assert rows["Written safety plans"].grades == [0, 2, 1, 0]
    assert rows["Voice of the child"].audits == 2
    assert rows["Voice of the child"].grades == [1, 0, 1, 0]

    by_month = theme_trend(council=council, theme=plans_theme, by="month")
    assert [(r["key"], r["counts"], r["good_percent"]) for r in by_month] == [
        ("2026-01", [0, 1, 1, 0], 50),
        ("2026-02", [0, 1, 0, 0], 100),
    ]
    by_team = theme_trend(council=council, theme=plans_theme, by="team")
    assert [(r["key"], r["total"]) for r in by_team] == [("North", 2), ("South", 1)]
    everything = theme_trend(council=council, theme=None, by="month")
    assert [r["total"] for r in everything] == [2, 2]


def test_moderated_grade_is_what_trends_count(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    theme = services.learning_theme_create(
        council=council, name="Management oversight", description=""
    )
    programme = make_programme(council, lead, share=100)
    audit = submit(make_audit(programme, auditor, "C1"), auditor, Grade.GOOD, [theme])
    services.moderation_complete(
        moderation=audit.moderation,
        moderator=lead,
        outcome="changed",
        grade=Grade.INADEQUATE,
        reasons="No supervision recorded",
    )
    (row,) = theme_counts(council=council)
    assert row.grades == [0, 0, 0, 1]


def test_theme_raises_a_plan_action_that_keeps_the_link(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    theme = services.learning_theme_create(
        council=council, name="Transition planning", description=""
    )
    _plan, priority, _owner = make_plan(council)
    client = sign_in(lead)
    url = f"/c/{council.la_number}/audits/themes/{theme.pk}/raise-action/"
    response = client.post(url, {"priority": "", "title": "x"})
    assert "govuk-error-summary" in response.content.decode()
    response = client.post(
        url,
        {"priority": priority.pk, "title": "Pathway plans start at 16", "due_date": "31/12/2026"},
    )
    assert response.status_code == 302
    from thrive.plans.models import Action

    action = Action.objects.get(title="Pathway plans start at 16")
    assert (action.source_type, action.source_id) == ("audit_theme", str(theme.pk))
    assert "Transition planning" in action.source_text
    page = client.get(f"/c/{council.la_number}/audits/themes/{theme.pk}/").content.decode()
    assert "Pathway plans start at 16" in page


def test_impact_provider_reads_recent_grade_trend(council_factory: Any, person: Any) -> None:
    assert audit_theme_impact in impact_providers()
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    theme = services.learning_theme_create(
        council=council, name="Written safety plans", description=""
    )
    _plan, priority, _owner = make_plan(council)
    action = services.theme_plan_action_raise(
        theme=theme,
        priority=priority,
        title="Safety plans",
        description="",
        due_date=None,
        created_by=lead,
    )
    assert audit_theme_impact(action) == []  # no audits yet: not yet known
    programme = make_programme(council, lead, share=0)
    now = timezone.now()
    grades = [Grade.INADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.GOOD]
    for number, grade in enumerate(grades):  # earlier window: 1 of 4 good
        audit = submit(make_audit(programme, auditor, f"E{number}"), auditor, grade, [theme])
        _at(audit, now - timedelta(days=120))
    for number, grade in enumerate([Grade.GOOD, Grade.GOOD, Grade.OUTSTANDING, Grade.INADEQUATE]):
        audit = submit(make_audit(programme, auditor, f"R{number}"), auditor, grade, [theme])
        _at(audit, now - timedelta(days=10))
    (evidence,) = audit_theme_impact(action)
    assert evidence.rag == "green"
    assert "75% good or better" in evidence.reason and "against 25%" in evidence.reason
    assert "improving" in evidence.reason
    # Another council's action is never given this council's evidence.
    other = council_factory()
    _p, other_priority, _o = make_plan(other)
    from thrive.plans.services import plan_action_create

    foreign = plan_action_create(
        council=other,
        priority=other_priority,
        title="x",
        source_type="audit_theme",
        source_id=str(theme.pk),
    )
    assert audit_theme_impact(foreign) == []
