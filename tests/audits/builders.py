"""Small builders for audit tests: a tool with questions, a programme, audits at each stage."""

from __future__ import annotations

from datetime import date
from typing import Any

from thrive.audits import services
from thrive.audits.models import (
    Audit,
    AuditProgramme,
    AuditQuestion,
    AuditTool,
    Grade,
    LearningTheme,
    QuestionKind,
)


def make_tool(council: Any, user: Any, name: str = "Practice standard") -> AuditTool:
    tool = services.audit_tool_create(
        council=council,
        name=name,
        description="Checks cases against the practice standard",
        created_by=user,
    )
    section = services.audit_section_create(
        tool=tool, title="Safety and risk", guidance="Read the last 3 months", user=user
    )
    services.audit_question_create(
        section=section,
        text="Is there a written safety plan?",
        kind=QuestionKind.YES_NO_PARTLY,
        guidance="Signed by the family",
        mandatory=True,
        themes=[],
        user=user,
    )
    services.audit_question_create(
        section=section,
        text="Quality of risk assessment",
        kind=QuestionKind.GRADE,
        guidance="",
        mandatory=True,
        themes=[],
        user=user,
    )
    section2 = services.audit_section_create(
        tool=tool, title="Voice of the child", guidance="", user=user
    )
    services.audit_question_create(
        section=section2,
        text="What does the child say about their life?",
        kind=QuestionKind.FREE_TEXT,
        guidance="",
        mandatory=False,
        themes=[],
        user=user,
    )
    return tool


def make_programme(
    council: Any,
    user: Any,
    tool: AuditTool | None = None,
    share: int = 0,
    name: str = "March monthly audit",
) -> AuditProgramme:
    return services.audit_programme_create(
        council=council,
        name=name,
        kind="monthly",
        scope="Children in need",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        tool=tool or make_tool(council, user),
        moderation_share=share,
        themes=[],
        created_by=user,
    )


def make_audit(
    programme: AuditProgramme,
    auditor: Any,
    child_id: str = "C0001",
    team: str = "North",
    worker: str = "someone",
) -> Audit:
    return services.audit_add_manual(
        programme=programme,
        child_id=child_id,
        team=team,
        worker=worker,
        reason="Raised by the IRO",
        auditor=auditor,
    )


def answer_all(audit: Audit, auditor: Any, grade: str = Grade.GOOD, weak: bool = False) -> None:
    answers: dict[int, tuple[str, str]] = {}
    for question in AuditQuestion.objects.filter(section__version=audit.tool_version):
        if question.kind == QuestionKind.GRADE:
            answers[question.pk] = (Grade.INADEQUATE if weak else grade, "")
        elif question.kind == QuestionKind.YES_NO_PARTLY:
            answers[question.pk] = ("no" if weak else "yes", "")
        else:
            answers[question.pk] = ("", "Says she feels safe at home")
    services.audit_answers_save(audit=audit, answers=answers, user=auditor)


def submit(
    audit: Audit, auditor: Any, grade: str = Grade.GOOD, themes: list[LearningTheme] | None = None
) -> Audit:
    answer_all(audit, auditor, grade)
    services.audit_overall_set(
        audit=audit,
        grade=grade,
        rationale="The plan is clear and the child is seen.",
        themes=themes or [],
        user=auditor,
    )
    return services.audit_submit(audit=audit, user=auditor)


def stored(council: Any, child_id: str) -> str:
    """The id as Thrive keeps a typed one: the council's pseudonym."""
    from thrive.returns.selectors import stored_child_ids

    return stored_child_ids(council=council, child_ids=[child_id])[0]
