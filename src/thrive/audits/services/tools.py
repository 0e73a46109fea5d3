"""Writes for audit tools: tools, versions, sections, questions; findings and learning themes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max

from thrive.audits.errors import (
    ERROR_FINDINGS_STALE,
    ERROR_OLD_VERSION,
    ERROR_QUESTION_STALE,
    AuditError,
    StaleQuestionError,
)
from thrive.audits.models import (
    AuditProgramme,
    AuditQuestion,
    AuditSection,
    AuditTool,
    AuditToolVersion,
    LearningTheme,
)
from thrive.councils.models import Council

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
