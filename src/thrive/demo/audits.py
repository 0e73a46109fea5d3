"""Demo case audits for Northbridge (fictional): six months of monthly audit programmes.

`audits_demo_setup(council)` adds, once: learning themes, a practice-standard audit tool, one
monthly programme for each of the last six months with its sample audited, submitted and
moderated (grades improving month by month, a few changed at moderation), this month's
programme under way, and improvement-plan actions raised from two learning themes. Everything
goes through `thrive.audits.services`; only the submission and moderation times are moved
back into each programme's month afterwards, so the grades-over-time charts have a history.
The children, teams and workers are invented (an uploaded case list, not the demo returns).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from typing import Any

import polars as pl
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thrive.audits.models import (
    Audit,
    AuditQuestion,
    AuditTool,
    Grade,
    LearningTheme,
    Moderation,
    ModerationOutcome,
    QuestionKind,
)
from thrive.audits.services import (
    audit_answers_save,
    audit_overall_set,
    audit_programme_create,
    audit_question_create,
    audit_sample_draw,
    audit_section_create,
    audit_submit,
    audit_tool_create,
    learning_theme_create,
    moderation_complete,
    programme_findings_set,
    theme_plan_action_raise,
)
from thrive.councils.models import Council

DEMO_TOOL_NAME = "Northbridge practice standard"
MONTHS = 6
SAMPLE_SIZE = 6
TEAMS = ("Assessment North", "Assessment South", "Child Protection", "Children in Care")

THEMES: dict[str, str] = {
    "risk": "Risk assessment and safety planning",
    "voice": "Voice of the child",
    "plans": "Plans that are specific and reduce risk",
    "oversight": "Management oversight and supervision",
    "partners": "Multi-agency working",
}
THEME_DESCRIPTIONS: dict[str, str] = {
    "risk": "How well risk is understood, analysed and reduced, and safety plans shared.",
    "voice": "Whether the record shows the child's wishes and feelings in their own words.",
    "plans": "Plans with outcomes, owners and timescales that families understand.",
    "oversight": "Regular, reflective supervision that prevents drift and delay.",
    "partners": "Police, health and schools sharing information and acting together.",
}

# (section, [(question, kind, theme keys)])
TOOL: list[tuple[str, list[tuple[str, str, tuple[str, ...]]]]] = [
    (
        "Safety and risk",
        [
            ("How well is risk to the child understood and analysed?", "grade", ("risk",)),
            (
                "Is there an up-to-date safety plan, shared with the family?",
                "yes_no_partly",
                ("risk", "partners"),
            ),
        ],
    ),
    (
        "The child's voice and experience",
        [
            (
                "How well does the record show the child's wishes and feelings?",
                "grade",
                ("voice",),
            ),
            ("Was the child seen alone at the last visit?", "yes_no_partly", ("voice",)),
        ],
    ),
    (
        "Plans and management oversight",
        [
            ("Is the plan specific, measurable and focused on risk?", "grade", ("plans",)),
            (
                "Is there recorded management oversight in the last four weeks?",
                "yes_no_partly",
                ("oversight",),
            ),
        ],
    ),
]

G_OUT, G_GOOD = Grade.OUTSTANDING.value, Grade.GOOD.value
G_RI, G_INAD = Grade.REQUIRES_IMPROVEMENT.value, Grade.INADEQUATE.value
# Overall grades month by month, oldest first: practice improving as the plan takes hold.
GRADES: list[list[str]] = [
    [G_GOOD, G_INAD, G_RI, G_RI, G_GOOD, G_INAD],
    [G_RI, G_RI, G_GOOD, G_INAD, G_RI, G_RI],
    [G_GOOD, G_RI, G_RI, G_GOOD, G_INAD, G_RI],
    [G_GOOD, G_RI, G_GOOD, G_RI, G_GOOD, G_RI],
    [G_GOOD, G_GOOD, G_RI, G_OUT, G_RI, G_GOOD],
    [G_GOOD, G_OUT, G_GOOD, G_RI, G_GOOD, G_GOOD],
]
# The moderator lowers a generous grade in two early months (month index → audit index; the
# first audit submitted each month is always in the moderation share).
CHANGED_AT_MODERATION: dict[int, int] = {0: 0, 2: 0}

RATIONALE: dict[str, str] = {
    G_OUT: (
        "Exceptional direct work: the child's words shape the plan, risks are analysed and "
        "reducing, and the family can say what will change and by when."
    ),
    G_GOOD: (
        "Risk is understood and the plan is clear; the child is seen regularly and their views "
        "are recorded. Supervision is regular and shows the manager's thinking."
    ),
    G_RI: (
        "Visits are on time but the assessment describes rather than analyses risk, and the "
        "plan's actions have no timescales. Supervision notes do not show challenge."
    ),
    G_INAD: (
        "Risk to the child was not recognised after two police notifications; there is no "
        "safety plan and no management oversight for ten weeks. Escalated to the team manager."
    ),
}
NOTES: dict[str, str] = {
    G_OUT: "A strength of this case.",
    G_GOOD: "Clear and up to date.",
    G_RI: "Present but not analytical; needs sharper focus.",
    G_INAD: "Missing or out of date.",
}
YES_NO: dict[str, str] = {G_OUT: "yes", G_GOOD: "yes", G_RI: "partly", G_INAD: "no"}
FINDINGS = (
    "Grades improved over the six months: good or better rose as the new plan template and "
    "monthly supervision took hold. The weakest area remains recording the child's voice in "
    "their own words, raised as an improvement action. Two grades were lowered at moderation "
    "because safety plans had not been shared with families."
)
THEME_ACTIONS: list[tuple[str, int, str, str]] = [
    (
        "voice",
        1,
        "Direct-work toolkit so every assessment records the child's views in their own words",
        "Audits found the child's voice described by adults rather than heard. Practice "
        "leads to run workshops in every team and add a prompt to the assessment form.",
    ),
    (
        "oversight",
        2,
        "Supervision audit each quarter, with a case-discussion template for team managers",
        "Monthly audits kept finding no recorded oversight for four weeks or more.",
    ),
]


def _month_start(today: date, months_back: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months_back, 12)
    return date(year, month + 1, 1)


def _month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _when(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _case_list(month: int) -> pl.DataFrame:
    """An invented case list (as a council would upload): 24 children in four teams."""
    rows = [
        {
            "child_id": f"NB{40000 + month * 100 + n:05d}",
            "team": TEAMS[n % len(TEAMS)],
            "worker": f"sw{(n * 7 + month) % 11 + 1:02d}",
            "cp_plan_start_date": date(2026, 1 + n % 9, 1 + n % 27),
        }
        for n in range(24)
    ]
    return pl.DataFrame(rows)


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _complete_audit(
    audit: Audit, grade: str, questions: list[AuditQuestion], themes: dict[str, LearningTheme]
) -> None:
    answers: dict[int, tuple[str, str]] = {}
    for question in questions:
        if question.kind == QuestionKind.GRADE:
            answers[question.pk] = (grade, NOTES[grade])
        elif question.kind == QuestionKind.YES_NO_PARTLY:
            answers[question.pk] = (YES_NO[grade], "")
    audit_answers_save(audit=audit, answers=answers, user=audit.auditor)
    tagged = [themes["voice"]] if grade in {G_RI, G_INAD} else []
    if grade == G_INAD:
        tagged.append(themes["risk"])
    audit_overall_set(
        audit=audit, grade=grade, rationale=RATIONALE[grade], themes=tagged, user=audit.auditor
    )


@transaction.atomic
def audits_demo_setup(council: Council, *, today: date | None = None) -> bool:
    """Add the demo audits to `council`. Returns False if the demo tool is already there."""
    if AuditTool.objects.for_council(council).filter(name=DEMO_TOOL_NAME).exists():
        return False
    today = today or timezone.localdate()
    qa, director = _user("qalead"), _user("director")
    auditors = [user for user in (_user("practitioner"), _user("manager")) if user is not None]
    if qa is None or not auditors:
        return False
    themes = {
        key: learning_theme_create(council=council, name=name, description=THEME_DESCRIPTIONS[key])
        for key, name in THEMES.items()
    }
    tool = audit_tool_create(
        council=council,
        name=DEMO_TOOL_NAME,
        description="The monthly case audit: safety, the child's voice, plans and oversight.",
        created_by=qa,
    )
    for section_title, items in TOOL:
        section = audit_section_create(tool=tool, title=section_title, guidance="", user=qa)
        for text, kind, keys in items:
            audit_question_create(
                section=section,
                text=text,
                kind=kind,
                guidance="",
                mandatory=True,
                themes=[themes[key] for key in keys],
                user=qa,
            )
    tool.refresh_from_db()
    questions = list(
        AuditQuestion.objects.filter(section__version=tool.current_version).order_by(
            "section__order", "order"
        )
    )
    programmes = []
    for index in range(MONTHS + 1):  # six finished months, then this month under way
        start = _month_start(today, MONTHS - index)
        end = _month_end(start)
        programme = audit_programme_create(
            council=council,
            name=f"{start:%B %Y} monthly audit",
            kind="monthly",
            scope="Children open to assessment, child protection and children in care teams",
            period_start=start,
            period_end=end,
            tool=tool,
            moderation_share=25,
            themes=list(themes.values()),
            created_by=qa,
        )
        programmes.append(programme)
        cases = _case_list(index)
        audit_sample_draw(
            programme=programme,
            cases=cases,
            source="Monthly case list (fictional)",
            source_sha256="",
            method="stratified",
            size=SAMPLE_SIZE,
            seed=2026 + index,
            rule="",
            rule_parameter=None,
            as_of=start,
            auditors=auditors,
            drawn_by=qa,
        )
        audits = list(programme.audits.order_by("pk"))
        if index == MONTHS:
            _this_month(audits, questions, themes)
            continue
        for number, (audit, grade) in enumerate(zip(audits, GRADES[index], strict=False)):
            _complete_audit(audit, grade, questions, themes)
            audit_submit(audit=audit, user=audit.auditor)
            submitted = _when(min(start + timedelta(days=10 + 2 * number), end), 11)
            Audit.objects.filter(pk=audit.pk).update(submitted_at=submitted)
            moderation = Moderation.objects.filter(audit=audit).first()
            if moderation is not None:
                changed = CHANGED_AT_MODERATION.get(index) == number
                moderation_complete(
                    moderation=moderation,
                    moderator=moderation.moderator or qa,
                    outcome=ModerationOutcome.CHANGED if changed else ModerationOutcome.AGREED,
                    grade=G_RI if changed else "",
                    reasons=(
                        "The safety plan was not shared with the family, so the grade is lowered."
                        if changed
                        else "Grade agreed: the evidence on file supports the auditor's judgement."
                    ),
                )
                Moderation.objects.filter(pk=moderation.pk).update(
                    completed_at=submitted + timedelta(days=3)
                )
    programme_findings_set(programme=programmes[MONTHS - 1], findings=FINDINGS, expected_version=1)
    _raise_theme_actions(council, themes, director or qa)
    return True


def _this_month(
    audits: list[Audit], questions: list[AuditQuestion], themes: dict[str, LearningTheme]
) -> None:
    """This month's programme: two submitted (one waiting for moderation), one under way."""
    for number, audit in enumerate(audits[:3]):
        grade = (G_GOOD, G_INAD, G_GOOD)[number]
        if number < 2:
            _complete_audit(audit, grade, questions, themes)
            audit_submit(audit=audit, user=audit.auditor)
        else:
            audit_answers_save(
                audit=audit, answers={questions[0].pk: (grade, NOTES[grade])}, user=audit.auditor
            )


def _raise_theme_actions(council: Council, themes: dict[str, LearningTheme], by: Any) -> None:
    from thrive.plans.selectors import plan_active

    plan = plan_active(council=council)
    if plan is None:
        return
    priorities = list(plan.priorities.order_by("number"))
    for key, priority_index, title, description in THEME_ACTIONS:
        if priority_index >= len(priorities):
            continue
        theme_plan_action_raise(
            theme=themes[key],
            priority=priorities[priority_index],
            title=title,
            description=description,
            due_date=timezone.localdate() + timedelta(days=90),
            created_by=by,
        )
