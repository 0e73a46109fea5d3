"""Writes for doing an audit: answers, the overall grade, submission and moderation."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from thrive.audits.errors import (
    ERROR_CHANGED_NEEDS_GRADE,
    ERROR_MODERATION_DONE,
    ERROR_MODERATOR_IS_AUDITOR,
    ERROR_NOT_AUDITOR,
    ERROR_NOT_EDITABLE,
    ERROR_SAME_GRADE,
    ERROR_SUBMITTED_ELSEWHERE,
    AuditError,
    AuditIncomplete,
)
from thrive.audits.models import (
    Audit,
    AuditAnswer,
    AuditQuestion,
    AuditStatus,
    Grade,
    LearningTheme,
    Moderation,
    ModerationOutcome,
    ModerationReason,
    QuestionKind,
    YesNoPartly,
)
from thrive.councils.models import Membership
from thrive.councils.roles import ROLE_ACTIONS, Action, Role

# --- Doing an audit --------------------------------------------------------------------------


def _check_auditor(audit: Audit, user: Any) -> None:
    if audit.auditor_id != user.pk:
        raise AuditError(ERROR_NOT_AUDITOR)
    if audit.status not in {AuditStatus.NOT_STARTED, AuditStatus.IN_PROGRESS}:
        raise AuditError(ERROR_NOT_EDITABLE)


def _locked_editable(audit: Audit, user: Any) -> Audit:
    """The audit re-read under a row lock, refused if it was submitted since the caller read it.

    Optimistic locking for the auditor's own edits (issue 15): the grade and answers pages post
    against the copy loaded with the page, so a submit in another tab must win, not be undone.
    """
    was_editable = audit.status in {AuditStatus.NOT_STARTED, AuditStatus.IN_PROGRESS}
    current = Audit.objects.select_for_update().get(pk=audit.pk)
    if (
        was_editable
        and current.status != audit.status
        and current.status
        not in {
            AuditStatus.NOT_STARTED,
            AuditStatus.IN_PROGRESS,
        }
    ):
        raise AuditError(ERROR_SUBMITTED_ELSEWHERE)
    _check_auditor(current, user)
    return current


def _valid_value(question: AuditQuestion, value: str) -> bool:
    if question.kind == QuestionKind.GRADE:
        return value in Grade.values
    if question.kind == QuestionKind.YES_NO_PARTLY:
        return value in YesNoPartly.values
    return value == ""


@transaction.atomic
def audit_answers_save(
    *, audit: Audit, answers: dict[int, tuple[str, str]], user: Any
) -> list[AuditAnswer]:
    """Save answers (question id → (choice, text)) for the auditor's audit; save as you go.

    The audit is re-read under a row lock: the caller's copy may predate a submit made in
    another tab, and saving on top of it would reopen a submitted audit.
    """
    audit = _locked_editable(audit, user)
    questions = {
        question.pk: question
        for question in AuditQuestion.objects.filter(
            section__version=audit.tool_version, pk__in=list(answers)
        )
    }
    saved = []
    for question_id, (value, text) in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise AuditError("That question is not part of this audit's tool")
        if value and not _valid_value(question, value):
            raise AuditError(f"“{value}” is not an answer to “{question.text}”")
        answer, _ = AuditAnswer.objects.update_or_create(
            audit=audit,
            question=question,
            defaults={"council": audit.council, "value": value, "text": text},
        )
        saved.append(answer)
    if audit.status == AuditStatus.NOT_STARTED:
        audit.status = AuditStatus.IN_PROGRESS
        audit.save(update_fields=["status"])
    return saved


@transaction.atomic
def audit_overall_set(
    *, audit: Audit, grade: str, rationale: str, themes: Iterable[LearningTheme], user: Any
) -> Audit:
    audit = _locked_editable(audit, user)
    audit.overall_grade = grade
    audit.rationale = rationale
    audit.status = AuditStatus.IN_PROGRESS
    audit.save(update_fields=["overall_grade", "rationale", "status"])
    audit.themes.set(list(themes))
    return audit


def audit_missing_answers(*, audit: Audit) -> list[str]:
    answered = {answer.question_id for answer in audit.answers.all() if answer.is_answered}
    missing = [
        f"{question.section.title}: {question.text}"
        for question in AuditQuestion.objects.filter(
            section__version=audit.tool_version, mandatory=True
        ).select_related("section")
        if question.pk not in answered
    ]
    if not audit.overall_grade:
        missing.append("Overall grade")
    if not audit.rationale.strip():
        missing.append("Reasons for the overall grade")
    return missing


def moderator_roles() -> list[str]:
    return [
        role.value for role, actions in ROLE_ACTIONS.items() if Action.MANAGE_AUDIT_TOOLS in actions
    ]


def _choose_moderator(audit: Audit) -> Any:
    members = (
        Membership.objects.filter(council=audit.council, role__in=moderator_roles())
        .exclude(user=audit.auditor)
        .select_related("user")
        .order_by("user__username")
    )
    best, best_load = None, math.inf
    for membership in members:
        load: float = Moderation.objects.filter(
            moderator=membership.user, completed_at__isnull=True
        ).count()
        if membership.role == Role.QA_LEAD:
            load -= 0.5  # prefer the QA team over administrators at equal load
        if load < best_load:
            best, best_load = membership.user, load
    return best


def moderation_selection(*, audit: Audit) -> str:
    """Why this submitted audit goes to moderation ("" if it does not).

    Every inadequate audit goes; of the others, enough are taken in submission order that the
    programme's moderated share never falls below its `moderation_share` percentage.
    """
    if audit.overall_grade == Grade.INADEQUATE:
        return ModerationReason.INADEQUATE
    others = (
        Audit.objects.filter(programme=audit.programme, submitted_at__isnull=False)
        .exclude(overall_grade=Grade.INADEQUATE)
        .exclude(pk=audit.pk)
    )
    submitted = others.count() + 1
    selected = Moderation.objects.filter(
        audit__in=others, selected_because=ModerationReason.SHARE
    ).count()
    if selected < math.ceil(submitted * audit.programme.moderation_share / 100):
        return ModerationReason.SHARE
    return ""


@transaction.atomic
def audit_submit(*, audit: Audit, user: Any) -> Audit:
    """Submit a finished audit; it goes to moderation if the rules select it.

    Raises:
        AuditIncomplete: mandatory answers, the grade or its reasons are missing.
    """
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    _check_auditor(audit, user)
    missing = audit_missing_answers(audit=audit)
    if missing:
        raise AuditIncomplete(missing)
    audit.submitted_at = timezone.now()
    reason = moderation_selection(audit=audit)
    if reason:
        Moderation.objects.create(
            council=audit.council,
            audit=audit,
            selected_because=reason,
            moderator=_choose_moderator(audit),
        )
        audit.status = AuditStatus.IN_MODERATION
    else:
        audit.status = AuditStatus.COMPLETE
    audit.save(update_fields=["submitted_at", "status"])
    return audit


@transaction.atomic
def moderation_complete(
    *, moderation: Moderation, moderator: Any, outcome: str, grade: str, reasons: str
) -> Moderation:
    moderation = (
        Moderation.objects.select_for_update().select_related("audit").get(pk=moderation.pk)
    )
    audit = moderation.audit
    if moderation.completed_at is not None:
        raise AuditError(ERROR_MODERATION_DONE)
    if audit.auditor_id == moderator.pk:
        raise AuditError(ERROR_MODERATOR_IS_AUDITOR)
    if outcome == ModerationOutcome.CHANGED:
        if not grade:
            raise AuditError(ERROR_CHANGED_NEEDS_GRADE)
        if grade == audit.overall_grade:
            raise AuditError(ERROR_SAME_GRADE)
        moderation.moderated_grade = grade
    else:
        moderation.moderated_grade = ""
    moderation.outcome = outcome
    moderation.reasons = reasons
    moderation.moderator = moderator
    moderation.completed_at = timezone.now()
    moderation.save()
    audit.status = AuditStatus.COMPLETE
    audit.save(update_fields=["status"])
    return moderation
