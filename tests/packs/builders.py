"""A demo-like council for pack tests: a plan with two priorities, an Ofsted recommendation,
measures with targets, themed audits, feedback and "you said, we did"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from tests.audits.builders import make_audit, make_programme, submit
from tests.plans.factories import make_action
from thrive.audits.models import Audit, LearningTheme
from thrive.audits.services import programme_findings_set
from thrive.inspections.services import inspection_create, recommendation_add
from thrive.measures.models import MeasureValue
from thrive.measures.services import target_set
from thrive.plans.models import Priority
from thrive.plans.services import owner_get_or_create, plan_create, priority_create
from thrive.voice.models import YouSaidWeDid
from thrive.voice.services import feedback_create, feedback_links_set, you_said_we_did_save

AS_AT = date(2026, 10, 31)
VACANCY = {"2026-06": 40.0, "2026-07": 36.0, "2026-08": 31.0, "2026-09": 27.5, "2026-10": 24.0}
CHILDREN = ("e0c1d00000000001", "e0c1d00000000002")  # as stored: pseudonym-shaped
CONSENTED = "I want to know who my social worker is before they change."
NOT_CONSENTED = "Unshareable words kept out of every pack."
RECOMMENDATION = "Leaders should ensure that plans for children in care are timely and specific."


@dataclass
class Rich:
    priority: Priority
    other: Priority
    theme: LearningTheme


def rich_council(council: Any, auditor: Any) -> Rich:
    """Fill `council` with data on every source a pack reads, as known on AS_AT."""
    plan = plan_create(council=council, title="Northbridge improvement plan")
    priority = priority_create(plan=plan, title="Children in care", description="Plans on time")
    other = priority_create(plan=plan, title="Workforce")
    owner = owner_get_or_create(council=council, name="Pat Lead", organisation="Council")
    visit = inspection_create(
        council=council,
        kind="monitoring_visit",
        framework="visit",
        start_date=date(2026, 5, 12),
        end_date=date(2026, 5, 13),
        theme="Children in care",
        start_clocks=False,
    )
    recommendation = recommendation_add(inspection=visit, text=RECOMMENDATION, paragraph="14")
    theme = LearningTheme.objects.create(council=council, name="Care planning")
    in_scope = make_action(
        council,
        priority,
        owner,
        title="Review every care plan within 20 working days",
        recommendation=recommendation,
        measure_ids=["vacancy_pct", "no_such_measure"],
        source_type="audit_theme",
        source_id=str(theme.pk),
    )
    make_action(council, other, owner, title="Recruit permanent team managers")
    for period, value in VACANCY.items():
        MeasureValue.objects.create(
            council=council,
            measure_id="vacancy_pct",
            period=period,
            period_type="month",
            value=value,
            rag="red",
            spc_signal="improving",
        )
    target_set(council=council, measure_id="vacancy_pct", target=15.0, tolerance=2.0, set_by="t")
    programme = make_programme(council, auditor, name="Care planning deep dive")
    programme.themes.set([theme])
    programme_findings_set(
        programme=programme,
        findings="Plans are clearer; contingency planning is still weak.",
        expected_version=programme.findings_version,
    )
    for child in CHILDREN:
        audit = submit(make_audit(programme, auditor, child_id=child), auditor, themes=[theme])
        Audit.objects.filter(pk=audit.pk).update(submitted_at=datetime(2026, 9, 15, tzinfo=UTC))
    shared = feedback_create(
        council=council,
        source_type="young_person",
        channel="group",
        received_on=date(2026, 9, 2),
        summary="Changes of social worker",
        quote=CONSENTED,
        attributed_role="young person, 15",
        consent_to_quote=True,
        sentiment="negative",
    )
    private = feedback_create(
        council=council,
        source_type="care_leaver",
        channel="survey",
        received_on=date(2026, 9, 3),
        summary="Pathway plans",
        quote=NOT_CONSENTED,
        attributed_role="",
        consent_to_quote=False,
        sentiment="mixed",
    )
    for item in (shared, private):
        feedback_links_set(feedback=item, themes=[], actions=[in_scope])
    loop = you_said_we_did_save(
        council=council,
        entry=None,
        audience="children",
        you_said="You told us you did not know when your worker would change.",
        we_did="We now write to you before any change of social worker.",
        feedback=[shared],
        actions=[in_scope],
        published=True,
        created_by=None,
    )
    YouSaidWeDid.objects.filter(pk=loop.pk).update(published_at=datetime(2026, 9, 20, tzinfo=UTC))
    return Rich(priority=priority, other=other, theme=theme)
