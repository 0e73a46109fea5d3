"""Demo content for the plan, inspections and governance (fictional Northbridge, LA 990).

`plans_demo_setup(council)` adds, once: a fictional inadequate ILACS inspection written for
Thrive in Ofsted's style (not taken from any real report), a monitoring visit, and an
improvement plan in progress with priorities, actions, owners (partners too), milestones,
updates, a revised date with its reason, linked measures, and an Improvement Board with
meetings, decisions and an action log. Dates are relative to today, so the plan stays live.
Safe to run again: it does nothing if the demo inspection is already there.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thrive.councils.models import Council
from thrive.dates.working_days import add_working_days
from thrive.governance.services import (
    agenda_item_add,
    attendance_add,
    board_create,
    decision_add,
    log_action_add,
    log_action_promote,
    meeting_create,
    member_add,
    paper_add,
)
from thrive.inspections.models import Inspection, RecommendationKind
from thrive.inspections.services import (
    clock_complete,
    inspection_create,
    recommendation_add,
)
from thrive.plans.models import Action
from thrive.plans.services import (
    action_override_rag,
    action_revise_due_date,
    milestone_add,
    milestone_complete,
    owner_get_or_create,
    plan_action_create,
    plan_create,
    priority_create,
    progress_update_add,
)

DEMO_REPORT_REFERENCE = "THRIVE-DEMO-ILACS-990"

SUMMARY = (
    "Services for children in Northbridge have deteriorated since the last inspection and are "
    "inadequate. Leaders have not had an accurate understanding of the quality of frontline "
    "practice, and the pace of change has been too slow. Too many children wait too long for "
    "their needs to be assessed, and some children remain in situations of harm for too long "
    "before decisive action is taken. High turnover of social workers and managers means many "
    "children have experienced several changes of worker, which makes it harder for them to "
    "build trusting relationships. Children in care are mostly living in stable homes, but "
    "plans for permanence are not progressed quickly enough. Care leavers value their personal "
    "advisers, although too few are in suitable accommodation or in education, employment or "
    "training."
)

RECOMMENDATIONS: list[tuple[str, str, str]] = [
    (
        RecommendationKind.PRIORITY_ACTION,
        "14",
        "The timeliness and effectiveness of the local authority's response when children are "
        "at risk of significant harm, including the quality of strategy discussions and the "
        "timeliness of child protection enquiries.",
    ),
    (
        RecommendationKind.RECOMMENDATION,
        "22",
        "The quality and timeliness of assessments and plans for children in need of help and "
        "protection, so that plans are specific, measurable and focused on reducing risk.",
    ),
    (
        RecommendationKind.RECOMMENDATION,
        "31",
        "The quality and impact of management oversight and supervision, so that drift and "
        "delay in children's plans are identified and addressed.",
    ),
    (
        RecommendationKind.RECOMMENDATION,
        "38",
        "The stability of the workforce, so that children can build enduring relationships "
        "with their social workers.",
    ),
    (
        RecommendationKind.RECOMMENDATION,
        "47",
        "The timeliness of permanence planning for children in care, including the use of "
        "pre-proceedings and the tracking of children's plans.",
    ),
    (
        RecommendationKind.RECOMMENDATION,
        "58",
        "The range of suitable accommodation for care leavers and the support they receive to "
        "take up education, employment or training.",
    ),
]


def _monday_near(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def plans_demo_setup(council: Council) -> bool:
    """Add the demo inspection, plan and board to `council`. Returns False if already there."""
    if (
        Inspection.objects.for_council(council)
        .filter(report_reference=DEMO_REPORT_REFERENCE)
        .exists()
    ):
        return False
    today = timezone.localdate()
    start = _monday_near(today - timedelta(days=200))
    end = start + timedelta(days=11)
    published = add_working_days(end, 25)
    received = add_working_days(end, 20)  # the final report reaches the council first
    inspection = inspection_create(
        council=council,
        kind="standard",
        framework="ilacs_2023",
        start_date=start,
        end_date=end,
        publication_date=published,
        received_date=received,
        report_reference=DEMO_REPORT_REFERENCE,
        lead_inspector="A. N. Inspector (fictional)",
        summary=SUMMARY,
        judgements={
            "overall": "inadequate",
            "leaders": "inadequate",
            "help_and_protection": "inadequate",
            "children_in_care": "requires improvement",
            "care_leavers": "requires improvement",
        },
    )
    recs = [
        recommendation_add(inspection=inspection, kind=kind, paragraph=para, text=text)
        for kind, para, text in RECOMMENDATIONS
    ]
    for clock in inspection.clocks.all():
        clock_complete(
            clock=clock,
            completed_on=add_working_days(clock.starts_on, 66),
            expected_version=clock.version,
        )
    visit_start = _monday_near(published + timedelta(days=120))
    if visit_start < today:
        inspection_create(
            council=council,
            kind="monitoring_visit",
            framework="visit",
            theme="Children in need of help and protection: the front door and strategy",
            start_date=visit_start,
            end_date=visit_start + timedelta(days=1),
            publication_date=add_working_days(visit_start + timedelta(days=1), 20),
            summary=(
                "Since the inspection, leaders have strengthened the multi-agency front door. "
                "Strategy discussions now happen promptly and include police and health. "
                "The quality of child protection enquiries remains too variable, and managers' "
                "oversight does not yet consistently prevent drift."
            ),
        )

    director, manager = _user("director"), _user("manager")
    qa, worker, board_user = _user("qalead"), _user("practitioner"), _user("boardmember")
    dcs = owner_get_or_create(
        council=council, name="Dana Director", organisation="Northbridge Council", user=director
    )
    hos = owner_get_or_create(
        council=council, name="Morgan Manager", organisation="Northbridge Council", user=manager
    )
    psw = owner_get_or_create(
        council=council, name="Quinn QA Lead", organisation="Northbridge Council", user=qa
    )
    team = owner_get_or_create(
        council=council, name="Priya Practitioner", organisation="Northbridge Council", user=worker
    )
    police = owner_get_or_create(
        council=council, name="DCI Sam Rowe", organisation="Northbridge Police"
    )
    health = owner_get_or_create(
        council=council, name="Dr Lee Okafor", organisation="Northbridge Integrated Care Board"
    )
    hr = owner_get_or_create(
        council=council, name="Jordan Patel", organisation="Northbridge Council (HR)"
    )
    housing = owner_get_or_create(
        council=council, name="Alex Brown", organisation="Northbridge Housing"
    )

    plan = plan_create(
        council=council,
        title="Northbridge children's services improvement plan",
        description=(
            "Our response to the ILACS inspection, agreed by the Improvement Board and sent to "
            "Ofsted. Reviewed at every Board meeting."
        ),
        start_date=published,
        inspection=inspection,
    )
    p1 = priority_create(plan=plan, title="Children at risk of harm are protected quickly")
    p2 = priority_create(plan=plan, title="Good assessments and plans that reduce risk")
    p3 = priority_create(plan=plan, title="A stable, well-supported workforce")
    p4 = priority_create(plan=plan, title="Permanence and a good start to adult life")

    d = published

    def act(priority: Any, title: str, owner: Any, s: int, e: int, rec: Any, **kw: Any) -> Action:
        return plan_action_create(
            council=council,
            priority=priority,
            title=title,
            owner=owner,
            start_date=d + timedelta(days=s),
            due_date=d + timedelta(days=e),
            recommendation=rec,
            source_type=(
                "priority_action"
                if rec is not None and rec.kind == RecommendationKind.PRIORITY_ACTION
                else ("inspection_recommendation" if rec is not None else kw.pop("source", ""))
            ),
            created_by=director,
            **kw,
        )

    a11 = act(
        p1,
        "Hold every strategy discussion within one working day, with police and health present",
        police,
        0,
        90,
        recs[0],
        measure_ids=["icpc_15wd_pct"],
        success_measure="Children at risk are seen and safeguarded the same or next day.",
    )
    a12 = act(
        p1,
        "Introduce a weekly multi-agency review of all open section 47 enquiries",
        hos,
        14,
        120,
        recs[0],
        measure_ids=["s47_rate"],
    )
    a13 = act(
        p1,
        "Health representation at every initial child protection conference",
        health,
        30,
        200,
        recs[0],
    )
    a21 = act(
        p2,
        "Roll out a single assessment and plan template with SMART outcomes",
        psw,
        0,
        150,
        recs[1],
        measure_ids=["assessments_45wd_pct"],
    )
    a22 = act(
        p2,
        "Monthly practice audits of plans by team managers, moderated by the QA team",
        psw,
        20,
        300,
        recs[1],
        measure_ids=["cp_repeat_pct"],
    )
    a31 = act(
        p3,
        "Reflective supervision every four weeks for every social worker, recorded on file",
        team,
        0,
        190,
        recs[2],
        measure_ids=["cp_visits_pct"],
    )
    a32 = act(
        p3,
        "Launch the recruitment and retention offer and convert agency posts to permanent",
        hr,
        10,
        240,
        recs[3],
        measure_ids=["agency_pct", "vacancy_pct"],
    )
    a33 = act(
        p3,
        "Cap average caseloads at 18 children per social worker in assessment teams",
        dcs,
        30,
        330,
        recs[3],
        measure_ids=["caseload_avg"],
    )
    a41 = act(
        p4,
        "Tracking panel for every child in pre-proceedings, chaired by the Head of Service",
        hos,
        0,
        180,
        recs[4],
        measure_ids=["cla_rate"],
    )
    a42 = act(
        p4,
        "Joint housing protocol giving care leavers priority for suitable accommodation",
        housing,
        40,
        260,
        recs[5],
        measure_ids=["leavers_1921_accom_pct"],
    )

    # Progress: a mix of complete, in progress, late and slipped.
    milestone = milestone_add(
        action=a11, title="Protocol signed by police and health", due_date=d + timedelta(days=30)
    )
    milestone_complete(milestone=milestone, completed_on=d + timedelta(days=26), by=director)
    progress_update_add(
        action=a11,
        text=(
            "Protocol agreed and in place. Audit of 40 strategy discussions in month two: 36 "
            "within one working day, police present at all, health at 33."
        ),
        status_after="complete",
        update_date=d + timedelta(days=85),
        by=director,
        links=[("Front door audit, month two", "https://example.test/northbridge/front-door")],
    )
    progress_update_add(
        action=a12,
        text="Weekly review running since week three; 12 enquiries escalated so far.",
        status_after="in_progress",
        update_date=d + timedelta(days=60),
        by=manager,
    )
    milestone_add(action=a13, title="Named nurse rota agreed", due_date=d + timedelta(days=60))
    m21 = milestone_add(
        action=a21, title="Template piloted in two teams", due_date=d + timedelta(days=50)
    )
    milestone_complete(milestone=m21, completed_on=d + timedelta(days=55), by=qa)
    milestone_add(action=a21, title="All teams trained", due_date=d + timedelta(days=180))
    progress_update_add(
        action=a21,
        text="Pilot complete; feedback from social workers positive. Training under way.",
        status_after="in_progress",
        update_date=d + timedelta(days=70),
        by=qa,
    )
    action_revise_due_date(
        action=Action.objects.get(pk=a21.pk),
        expected_version=Action.objects.get(pk=a21.pk).version,
        new_due_date=d + timedelta(days=210),
        reason=(
            "The case recording system change needed for the template moved to the supplier's "
            "next release; agreed by the Improvement Board."
        ),
        by=director,
    )
    progress_update_add(
        action=a31,
        text="Supervision audit: 71% of workers supervised within four weeks, up from 48%.",
        status_after="in_progress",
        update_date=d + timedelta(days=95),
        by=worker,
    )
    progress_update_add(
        action=a32,
        text="Offer launched; 9 agency workers converted, 14 newly qualified starters.",
        status_after="in_progress",
        update_date=d + timedelta(days=150),
        by=director,
    )
    action_override_rag(
        action=Action.objects.get(pk=a32.pk),
        expected_version=Action.objects.get(pk=a32.pk).version,
        kind="impact",
        rag="amber",
        reason=(
            "Agency rate is falling but children in two teams still had three or more workers "
            "this year, so the Board judged impact amber."
        ),
        by=director,
    )
    progress_update_add(
        action=a41,
        text="Panel meets fortnightly; 22 children tracked, 5 proceedings issued on time.",
        status_after="in_progress",
        update_date=d + timedelta(days=100),
        by=manager,
    )
    for action in (a22, a33, a42):
        if action.start_date < today:
            progress_update_add(
                action=action,
                text="Work started; first report to the Board next month.",
                status_after="in_progress",
                update_date=min(today, action.start_date + timedelta(days=14)),
                by=director,
            )

    # Governance: the Improvement Board, two meetings, decisions and an action log.
    board = board_create(
        council=council,
        name="Northbridge Children's Services Improvement Board",
        kind="improvement_board",
        purpose=(
            "Holds the council and partners to account for the improvement plan, with an "
            "independent chair and the DfE adviser."
        ),
        meets="monthly",
    )
    for name, org, role in [
        ("Jo Hartley", "Independent", "Independent chair"),
        ("Dana Director", "Northbridge Council", "Director of Children's Services"),
        ("Cllr Cameron Councillor", "Northbridge Council", "Lead Member for Children"),
        ("DCI Sam Rowe", "Northbridge Police", "Partner"),
        ("Dr Lee Okafor", "Northbridge Integrated Care Board", "Partner"),
        ("Avery Adviser", "Department for Education", "DfE improvement adviser"),
    ]:
        member_add(
            board=board,
            name=name,
            organisation=org,
            role_on_board=role,
            user=board_user if role == "Partner" and name.startswith("DCI") else None,
        )
    corporate = board_create(
        council=council,
        name="Corporate Parenting Panel",
        kind="corporate_parenting",
        meets="every two months",
    )
    member_add(
        board=corporate,
        name="Cllr Cameron Councillor",
        organisation="Northbridge Council",
        role_on_board="Chair",
    )
    first = meeting_create(
        board=board,
        date=d + timedelta(days=35),
        location="Town Hall, Committee Room 2",
        status="held",
        minutes="The Board agreed the improvement plan for submission to Ofsted.",
    )
    for title, presenter in [
        ("Improvement plan for approval", "Director of Children's Services"),
        ("Front door: strategy discussion protocol", "DCI Sam Rowe"),
        ("Workforce position", "HR"),
    ]:
        agenda_item_add(meeting=first, title=title, presenter=presenter)
    for name, org, kind in [
        ("Jo Hartley", "Independent", "present"),
        ("Dana Director", "Northbridge Council", "present"),
        ("DCI Sam Rowe", "Northbridge Police", "present"),
        ("Dr Lee Okafor", "Northbridge Integrated Care Board", "apologies"),
        ("Avery Adviser", "Department for Education", "present"),
    ]:
        attendance_add(meeting=first, name=name, organisation=org, kind=kind)
    paper_add(
        meeting=first,
        title="Improvement plan, version 1",
        link="https://example.test/northbridge/plan-v1",
    )
    decision_add(meeting=first, text="The improvement plan is approved for submission to Ofsted.")
    decision_add(
        meeting=first, text="Exceptions (overdue, red delivery, red impact) come to every meeting."
    )
    log_action_add(
        meeting=first,
        text="Health to confirm named nurse cover for every initial conference",
        owner_name="Dr Lee Okafor",
        due_date=d + timedelta(days=70),
    )
    log_action_add(
        meeting=first,
        text="Circulate the workforce dashboard to members before each meeting",
        owner_name="Jordan Patel",
        due_date=d + timedelta(days=60),
    )
    second_date = d + timedelta(days=65)
    second = meeting_create(
        board=board,
        date=second_date,
        location="Town Hall, Committee Room 2",
        status="held" if second_date < today else "planned",
    )
    agenda_item_add(meeting=second, title="Plan progress and exceptions", presenter="DCS")
    agenda_item_add(
        meeting=second,
        title="Voice of children: care leavers' forum",
        presenter="Participation lead",
    )
    decision_add(
        meeting=second,
        text="The revised date for the assessment template is accepted, with the reason recorded.",
    )
    log_action_promote(
        log_action=log_action_add(
            meeting=second,
            text="Deep dive into repeat child protection plans, reported to the Board",
            owner_name="Quinn QA Lead",
            due_date=d + timedelta(days=160),
        ),
        priority=p2,
        owner=psw,
        start_date=second_date,
        due_date=d + timedelta(days=160),
        by=director,
    )
    return True
