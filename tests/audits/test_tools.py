"""Audit tools: editing a version in use creates a new one; completed audits keep theirs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.audits.builders import make_audit, make_programme, make_tool, submit
from thrive.audits import services
from thrive.audits.models import AuditQuestion, AuditToolVersion, QuestionKind

pytestmark = pytest.mark.django_db


def test_editing_an_unused_tool_keeps_one_version(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    tool = make_tool(council, lead)
    assert tool.versions.count() == 1
    assert AuditQuestion.objects.filter(section__version__tool=tool).count() == 3


def test_editing_a_tool_in_use_creates_a_new_version(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    tool = make_tool(council, lead)
    programme = make_programme(council, lead, tool=tool)
    audit = make_audit(programme, auditor)
    submit(audit, auditor)
    old_version = audit.tool_version
    question = AuditQuestion.objects.get(section__version=old_version, kind=QuestionKind.GRADE)

    changed = services.audit_question_update(
        question=question,
        text="Quality and timeliness of the risk assessment",
        kind=QuestionKind.GRADE,
        guidance="New guidance",
        mandatory=True,
        themes=[],
        user=lead,
    )

    assert tool.versions.count() == 2
    assert changed.section.version.number == 2
    assert changed.pk != question.pk
    question.refresh_from_db()
    assert question.text == "Quality of risk assessment"  # the old version is untouched
    audit.refresh_from_db()
    assert audit.tool_version_id == old_version.pk
    assert {a.question_id for a in audit.answers.all()} <= set(
        AuditQuestion.objects.filter(section__version=old_version).values_list("pk", flat=True)
    )
    # A further edit before any audit uses version 2 stays in version 2.
    services.audit_section_create(tool=tool, title="Management oversight", guidance="", user=lead)
    assert tool.versions.count() == 2
    # New audits use the new version.
    assert make_audit(programme, auditor, child_id="C0002").tool_version.number == 2


def test_only_the_current_version_can_be_edited(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    tool = make_tool(council, lead)
    programme = make_programme(council, lead, tool=tool)
    make_audit(programme, auditor)
    old_section = tool.current_version.sections.first()
    services.audit_section_create(tool=tool, title="New", guidance="", user=lead)
    with pytest.raises(services.AuditError, match=services.ERROR_OLD_VERSION):
        services.audit_question_create(
            section=old_section,
            text="x",
            kind="free_text",
            guidance="",
            mandatory=False,
            themes=[],
            user=lead,
        )


def test_question_added_through_the_page_lands_in_a_new_version(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    tool = make_tool(council, lead)
    make_audit(make_programme(council, lead, tool=tool), auditor)
    section = tool.current_version.sections.first()
    client = sign_in(lead)
    url = f"/c/{council.la_number}/audits/tools/{tool.pk}/sections/{section.pk}/questions/new/"
    response = client.post(url, {"text": "", "kind": "grade"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert tool.versions.count() == 1  # nothing half-saved
    response = client.post(
        url, {"text": "Is the plan reviewed?", "kind": "yes_no_partly", "mandatory": "on"}
    )
    assert response.status_code == 302
    newest = AuditToolVersion.objects.get(tool=tool, number=2)
    assert newest.sections.first().questions.filter(text="Is the plan reviewed?").exists()
    page = client.get(f"/c/{council.la_number}/audits/tools/{tool.pk}/?version=1").content.decode()
    assert "earlier version, read only" in page


def test_programme_needs_a_tool_with_questions(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    tool = services.audit_tool_create(
        council=council, name="Empty", description="", created_by=lead
    )
    with pytest.raises(services.AuditError, match="no questions"):
        make_programme(council, lead, tool=tool)
