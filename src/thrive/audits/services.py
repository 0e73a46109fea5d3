"""Writes for audits: tools and versions, programmes and samples, audits, moderation, escalation."""

from __future__ import annotations

import logging
import math
import smtplib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import polars as pl
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thrive.audits import sampling
from thrive.audits.models import (
    Audit,
    AuditAnswer,
    AuditProgramme,
    AuditQuestion,
    AuditSample,
    AuditSection,
    AuditStatus,
    AuditTool,
    AuditToolVersion,
    ChildAction,
    Escalation,
    Grade,
    LearningTheme,
    Moderation,
    ModerationOutcome,
    ModerationReason,
    QuestionKind,
    YesNoPartly,
)
from thrive.councils.models import Council, Membership
from thrive.councils.roles import ROLE_ACTIONS, Action, Role

ERROR_OWN_CASE = "An auditor cannot audit a case they work on: choose someone else"
ERROR_DUPLICATE_CHILD = "This child is already in the programme"
ERROR_TOOL_EMPTY = "The tool has no questions yet: add at least one before using it"
ERROR_NOT_EDITABLE = "This audit has been submitted and can no longer be changed"
ERROR_NOT_AUDITOR = "Only the assigned auditor can change this audit"
ERROR_OLD_VERSION = "Only the current version of a tool can be edited"
ERROR_MODERATOR_IS_AUDITOR = "You audited this case, so someone else must moderate it"
ERROR_MODERATION_DONE = "This moderation has already been completed"
ERROR_SAME_GRADE = "Choose a grade different from the auditor's, or agree the grade"
ERROR_CHANGED_NEEDS_GRADE = "Choose the moderated grade"
ERROR_UNASSIGNABLE = (
    "Some cases could only go to their own worker: choose more auditors ({children})"
)
ERROR_NO_AUDITORS = "Choose at least one auditor"
ERROR_ACTION_DONE = (
    "This action has already been marked complete, perhaps by someone else or in another tab. "
    "Your note has not been saved. Open the audit to see who completed it and their note."
)
ERROR_QUESTION_STALE = (
    "Someone else changed this question while you were editing it. Your changes have not been "
    "saved. Check the question as it is now below, then make your changes again if needed."
)
ERROR_FINDINGS_STALE = (
    "Someone else changed the findings while you were editing them. Your text has not been "
    "saved. Read the findings as they are now, then add your changes again."
)
ERROR_SUBMITTED_ELSEWHERE = (
    "This audit was submitted in another tab or window while you were working on it, so your "
    "changes have not been saved. Open the audit to see what was submitted."
)

User = get_user_model()
logger = logging.getLogger(__name__)


class AuditError(Exception):
    """A rule of auditing was broken; the message is for the person who tried."""


class StaleQuestionError(AuditError):
    """The question was saved by someone else after this person's form was loaded."""


class AuditIncomplete(AuditError):
    """Submission refused: `missing` lists what still needs an answer."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("The audit is not finished")
        self.missing = missing


# --- Tools ---------------------------------------------------------------------------------


@transaction.atomic
def audit_tool_create(
    *, council: Council, name: str, description: str, created_by: Any
) -> AuditTool:
    tool = AuditTool.objects.create(
        council=council, name=name, description=description, created_by=created_by
    )
    AuditToolVersion.objects.create(
        council=council, tool=tool, number=1, change_note="First version", created_by=created_by
    )
    return tool


def _clone_version(version: AuditToolVersion, *, user: Any, note: str) -> AuditToolVersion:
    clone = AuditToolVersion.objects.create(
        council=version.council,
        tool=version.tool,
        number=version.number + 1,
        change_note=note,
        created_by=user,
    )
    for section in version.sections.all():
        new_section = AuditSection.objects.create(
            council=version.council,
            version=clone,
            order=section.order,
            title=section.title,
            guidance=section.guidance,
            copied_from=section,
        )
        for question in section.questions.all():
            new_question = AuditQuestion.objects.create(
                council=version.council,
                section=new_section,
                order=question.order,
                text=question.text,
                kind=question.kind,
                guidance=question.guidance,
                mandatory=question.mandatory,
                copied_from=question,
            )
            new_question.themes.set(question.themes.all())
    return clone


def audit_tool_version_for_edit(*, tool: AuditTool, user: Any, note: str = "") -> AuditToolVersion:
    """The version edits go to: the current one, or a new copy if any audit already uses it."""
    current = tool.current_version
    if current.in_use:
        return _clone_version(current, user=user, note=note or "Edited while in use")
    return current


def _editable_section(section: AuditSection, *, user: Any, note: str) -> AuditSection:
    if section.version_id != section.version.tool.current_version.pk:
        raise AuditError(ERROR_OLD_VERSION)
    version = audit_tool_version_for_edit(tool=section.version.tool, user=user, note=note)
    if version.pk == section.version_id:
        return section
    return version.sections.get(copied_from=section)


@transaction.atomic
def audit_section_create(*, tool: AuditTool, title: str, guidance: str, user: Any) -> AuditSection:
    version = audit_tool_version_for_edit(tool=tool, user=user, note=f"Added section “{title}”")
    order = (version.sections.aggregate(top=Max("order"))["top"] or 0) + 1
    return AuditSection.objects.create(
        council=tool.council, version=version, order=order, title=title, guidance=guidance
    )


@transaction.atomic
def audit_question_create(
    *,
    section: AuditSection,
    text: str,
    kind: str,
    guidance: str,
    mandatory: bool,
    themes: Iterable[LearningTheme],
    user: Any,
) -> AuditQuestion:
    target = _editable_section(section, user=user, note=f"Added question “{text[:80]}”")
    order = (target.questions.aggregate(top=Max("order"))["top"] or 0) + 1
    question = AuditQuestion.objects.create(
        council=section.council,
        section=target,
        order=order,
        text=text,
        kind=kind,
        guidance=guidance,
        mandatory=mandatory,
    )
    question.themes.set(list(themes))
    return question


@transaction.atomic
def audit_question_update(
    *,
    question: AuditQuestion,
    text: str,
    kind: str,
    guidance: str,
    mandatory: bool,
    themes: Iterable[LearningTheme],
    user: Any,
    expected_version: int | None = None,
) -> AuditQuestion:
    """Change a question; if its version is in use the change lands in a new version.

    `expected_version` is the question's version when the edit form was loaded; the edit page
    always passes it, so a save on top of someone else's raises `StaleQuestionError` and saves
    nothing. Scripted callers pass None (last write wins).
    """
    locked = AuditQuestion.objects.select_for_update().get(pk=question.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleQuestionError(ERROR_QUESTION_STALE)
    question = locked
    target_section = _editable_section(
        question.section, user=user, note=f"Changed question “{question.text[:80]}”"
    )
    if target_section.pk != question.section_id:
        question = target_section.questions.get(copied_from=question)
    question.text, question.kind, question.guidance = text, kind, guidance
    question.mandatory = mandatory
    question.version += 1
    question.save()
    question.themes.set(list(themes))
    return question


@transaction.atomic
def programme_findings_set(
    *, programme: AuditProgramme, findings: str, expected_version: int | None
) -> AuditProgramme:
    """Save a programme's findings unless someone saved them since `expected_version` was shown.

    A missing version (None) is refused too: a post that cannot say what it edited is stale.
    """
    current = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    if expected_version is None or current.findings_version != expected_version:
        raise AuditError(ERROR_FINDINGS_STALE)
    current.findings = findings[:20000]
    current.findings_version += 1
    current.save(update_fields=["findings", "findings_version"])
    return current


def learning_theme_create(*, council: Council, name: str, description: str) -> LearningTheme:
    return LearningTheme.objects.create(council=council, name=name, description=description)


# --- Programmes and sampling -----------------------------------------------------------------


@transaction.atomic
def audit_programme_create(
    *,
    council: Council,
    name: str,
    kind: str,
    scope: str,
    period_start: date,
    period_end: date,
    tool: AuditTool,
    moderation_share: int,
    themes: Iterable[LearningTheme],
    created_by: Any,
) -> AuditProgramme:
    if not AuditQuestion.objects.filter(section__version=tool.current_version).exists():
        raise AuditError(ERROR_TOOL_EMPTY)
    programme = AuditProgramme.objects.create(
        council=council,
        name=name,
        kind=kind,
        scope=scope,
        period_start=period_start,
        period_end=period_end,
        tool=tool,
        moderation_share=moderation_share,
        created_by=created_by,
    )
    programme.themes.set(list(themes))
    return programme


def _facts(row: dict[str, Any]) -> dict[str, str]:
    skip = {"child_id", "team", "worker"}
    return {
        key: ("" if value is None else str(value)) for key, value in row.items() if key not in skip
    }


@transaction.atomic
def audit_sample_draw(
    *,
    programme: AuditProgramme,
    cases: pl.DataFrame,
    source: str,
    source_sha256: str,
    method: str,
    size: int,
    seed: int,
    rule: str,
    rule_parameter: int | None,
    as_of: date,
    auditors: Sequence[Any],
    drawn_by: Any,
) -> AuditSample:
    """Draw a sample into the programme and assign auditors (never a case's own worker).

    Children already in the programme are not drawn again. All or nothing.

    Raises:
        sampling.SamplingError: the sample cannot be drawn.
        AuditError: no auditors, or a case could only go to its own worker.
    """
    if not auditors:
        raise AuditError(ERROR_NO_AUDITORS)
    already = list(programme.audits.values_list("child_id", flat=True))
    if already:
        cases = cases.filter(~pl.col("child_id").is_in(already))
    drawn = sampling.draw_sample(
        cases,
        size=size,
        seed=seed,
        method=method,
        rule=rule,
        rule_parameter=rule_parameter,
        as_of=as_of,
    )
    by_username = {auditor.username: auditor for auditor in auditors}
    rows = list(drawn.cases.iter_rows(named=True))
    assignment = sampling.assign_auditors(
        [(str(row["child_id"]), str(row["worker"])) for row in rows], list(by_username)
    )
    stuck = [child for child, auditor in assignment.items() if auditor is None]
    if stuck:
        raise AuditError(ERROR_UNASSIGNABLE.format(children=", ".join(stuck)))
    sample = AuditSample.objects.create(
        council=programme.council,
        programme=programme,
        method=drawn.method,
        rule=drawn.rule,
        rule_parameter=drawn.rule_parameter,
        size=drawn.size,
        seed=seed,
        as_of=as_of,
        source=source[:200],
        source_sha256=source_sha256,
        candidate_count=drawn.candidate_count,
        eligible_count=drawn.eligible_count,
        strata=drawn.strata,
        drawn_by=drawn_by,
    )
    version = programme.tool.current_version
    for row in rows:
        child = str(row["child_id"])
        auditor_name = assignment[child]
        assert auditor_name is not None
        Audit.objects.create(
            council=programme.council,
            programme=programme,
            sample=sample,
            tool_version=version,
            child_id=child,
            team=str(row["team"]),
            worker=str(row["worker"]),
            case_facts=_facts(row),
            auditor=by_username[auditor_name],
        )
    return sample


@transaction.atomic
def audit_add_manual(
    *,
    programme: AuditProgramme,
    child_id: str,
    team: str,
    worker: str,
    reason: str,
    auditor: Any,
) -> Audit:
    if auditor.username.casefold() == worker.strip().casefold():
        raise AuditError(ERROR_OWN_CASE)
    if programme.audits.filter(child_id=child_id).exists():
        raise AuditError(ERROR_DUPLICATE_CHILD)
    return Audit.objects.create(
        council=programme.council,
        programme=programme,
        tool_version=programme.tool.current_version,
        child_id=child_id.strip(),
        team=team.strip(),
        worker=worker.strip(),
        auditor=auditor,
        added_manually=True,
        manual_reason=reason,
    )


@transaction.atomic
def audit_reassign(*, audit: Audit, auditor: Any) -> Audit:
    """Give an unsubmitted audit to another auditor (never the case's own worker)."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.submitted_at is not None:
        raise AuditError(ERROR_NOT_EDITABLE)
    if auditor.username.casefold() == audit.worker.casefold():
        raise AuditError(ERROR_OWN_CASE)
    audit.auditor = auditor
    audit.save(update_fields=["auditor"])
    return audit


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


# --- Actions for the child and escalation ---------------------------------------------------


def child_action_create(
    *, audit: Audit, description: str, owner: Any, due_date: date, created_by: Any
) -> ChildAction:
    return ChildAction.objects.create(
        council=audit.council,
        audit=audit,
        description=description,
        owner=owner,
        due_date=due_date,
        created_by=created_by,
    )


@transaction.atomic
def child_action_complete(*, action: ChildAction, note: str, user: Any) -> ChildAction:
    """Mark the action complete, once: re-read under a row lock so a second tab (or a second
    person) cannot overwrite the first completion's time and note."""
    action = ChildAction.objects.select_for_update().get(pk=action.pk)
    if action.completed_at is not None:
        raise AuditError(ERROR_ACTION_DONE)
    action.completed_at = timezone.now()
    action.completion_note = note
    action.save(update_fields=["completed_at", "completion_note"])
    return action


def escalation_recipients(*, audit: Audit) -> list[Any]:
    """The case's team manager(s); if the team has none, every manager in the council."""
    managers = Membership.objects.filter(council=audit.council, role=Role.MANAGER).select_related(
        "user"
    )
    team = [m.user for m in managers if audit.team and m.team.casefold() == audit.team.casefold()]
    return team or [m.user for m in managers]


@transaction.atomic
def audit_escalate(*, audit: Audit, reason: str, user: Any, audit_url: str) -> Escalation:
    """Record a "child at risk" escalation and email the manager(s) at once.

    The email carries the pseudonymised child identifier and a link, never the reason text:
    the detail stays behind sign-in.
    """
    recipients = escalation_recipients(audit=audit)
    escalation = Escalation.objects.create(
        council=audit.council,
        audit=audit,
        reason=reason,
        raised_by=user,
        notified=[recipient.username for recipient in recipients],
    )
    addresses = [recipient.email for recipient in recipients if recipient.email]
    if addresses:
        try:
            send_mail(
                subject=f"Child at risk – escalated from a case audit ({audit.council.name})",
                message=(
                    f"{user.get_full_name() or user.username} escalated a child at risk while "
                    f"auditing case {audit.child_id} (team {audit.team or 'not recorded'}).\n\n"
                    f"Act now. Read the concern in Thrive: {audit_url}\n"
                ),
                from_email=None,
                recipient_list=addresses,
                fail_silently=False,
            )
        except (OSError, smtplib.SMTPException):
            # The escalation is still recorded; the page tells the auditor to phone instead.
            logger.exception("escalation email failed for audit %s", audit.pk)
            escalation.email_failed = True
            escalation.notified = []
            escalation.save(update_fields=["email_failed", "notified"])
    return escalation


# --- Learning themes into the improvement plan ----------------------------------------------


def theme_plan_action_raise(
    *,
    theme: LearningTheme,
    priority: Any,
    title: str,
    description: str,
    due_date: date | None,
    created_by: Any,
) -> Any:
    """Raise an improvement-plan action from a learning theme; the action keeps the link
    (source type "audit_theme", source id the theme's id, source text its name and evidence)."""
    from thrive.plans.services import plan_action_create

    rows = {row.theme.pk: row for row in _theme_rows(theme.council)}
    row = rows.get(theme.pk)
    evidence = (
        f"{row.audits} audit{'s' if row.audits != 1 else ''} showed this theme; "
        f"{row.good_or_better} were good or better."
        if row
        else "No audits yet."
    )
    return plan_action_create(
        council=theme.council,
        priority=priority,
        title=title,
        description=description,
        due_date=due_date,
        source_type="audit_theme",
        source_id=str(theme.pk),
        source_text=f"Audit learning theme: {theme.name}. {evidence}",
        created_by=created_by,
    )


def _theme_rows(council: Council) -> list[Any]:
    from thrive.audits.selectors import theme_counts

    return theme_counts(council=council)
