"""No lost updates in audits (issue 15): two tabs load the same audit or action, the first
saves, the second is refused with a clear message and the first's change survives."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.audits.builders import answer_all, make_audit, make_programme, make_tool
from thrive.audits import services
from thrive.audits.models import (
    Audit,
    AuditProgramme,
    AuditQuestion,
    AuditStatus,
    ChildAction,
    Grade,
)

pytestmark = pytest.mark.django_db


def _ready_to_submit(council: Any, lead: Any, auditor: Any) -> Audit:
    audit = make_audit(make_programme(council, lead, share=0), auditor)
    answer_all(audit, auditor)
    services.audit_overall_set(
        audit=audit, grade=Grade.GOOD, rationale="Plan clear", themes=[], user=auditor
    )
    return Audit.objects.get(pk=audit.pk)


def test_grading_in_a_stale_tab_does_not_reopen_a_submitted_audit(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    lead, auditor = person("qa_lead", council), person("practitioner", council)
    audit = _ready_to_submit(council, lead, auditor)
    tab_one, tab_two = Audit.objects.get(pk=audit.pk), Audit.objects.get(pk=audit.pk)
    services.audit_submit(audit=tab_one, user=auditor)
    with pytest.raises(services.AuditError, match="submitted in another tab"):
        services.audit_overall_set(
            audit=tab_two, grade=Grade.INADEQUATE, rationale="Changed", themes=[], user=auditor
        )
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETE
    assert (audit.overall_grade, audit.rationale) == (Grade.GOOD, "Plan clear")


def test_answers_from_a_stale_tab_are_refused_after_submit(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    lead, auditor = person("qa_lead", council), person("practitioner", council)
    audit = _ready_to_submit(council, lead, auditor)
    tab_two = Audit.objects.get(pk=audit.pk)
    services.audit_submit(audit=Audit.objects.get(pk=audit.pk), user=auditor)
    question = AuditQuestion.objects.filter(section__version=audit.tool_version).first()
    assert question is not None
    before = audit.answers.get(question=question).value
    with pytest.raises(services.AuditError, match="submitted in another tab"):
        services.audit_answers_save(audit=tab_two, answers={question.pk: ("", "")}, user=auditor)
    assert audit.answers.get(question=question).value == before
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.COMPLETE


def test_grade_page_posted_after_submit_explains_and_saves_nothing(
    council_factory: Any, person: Any, sign_in: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    council = council_factory()
    lead, auditor = person("qa_lead", council), person("practitioner", council)
    audit = _ready_to_submit(council, lead, auditor)
    # The other tab's submit lands between this request reading the audit and saving it.
    real = services.audit_overall_set

    def submit_first(**kwargs: Any) -> Audit:
        services.audit_submit(audit=Audit.objects.get(pk=audit.pk), user=auditor)
        return real(**kwargs)

    monkeypatch.setattr(services, "audit_overall_set", submit_first)
    client = sign_in(auditor)
    base = f"/c/{council.la_number}/audits/cases/{audit.pk}"
    response = client.post(
        f"{base}/grade/", {"overall_grade": "inadequate", "rationale": "Changed"}, follow=True
    )
    assert response.status_code == 200
    assert "submitted in another tab or window" in response.content.decode()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETE and audit.rationale == "Plan clear"


def _action(council: Any, lead: Any, auditor: Any, owner: Any) -> ChildAction:
    audit = make_audit(make_programme(council, lead), auditor)
    return services.child_action_create(
        audit=audit,
        description="Update the plan",
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=3),
        created_by=auditor,
    )


def test_completing_an_action_twice_keeps_the_first_completion(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    lead, auditor = person("qa_lead", council), person("practitioner", council)
    owner = person("manager", council)
    action = _action(council, lead, auditor, owner)
    tab_one, tab_two = (ChildAction.objects.get(pk=action.pk) for _ in range(2))
    services.child_action_complete(action=tab_one, note="Plan updated", user=owner)
    with pytest.raises(services.AuditError, match="already been marked complete"):
        services.child_action_complete(action=tab_two, note="Something else", user=auditor)
    action.refresh_from_db()
    assert action.completion_note == "Plan updated"


def test_complete_page_in_a_stale_tab_shows_the_error(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead, auditor = person("qa_lead", council), person("practitioner", council)
    owner = person("manager", council)
    action = _action(council, lead, auditor, owner)
    url = f"/c/{council.la_number}/audits/child-actions/{action.pk}/complete/"
    owner_client = sign_in(owner)
    assert owner_client.get(url).status_code == 200
    services.child_action_complete(action=action, note="Plan updated", user=auditor)
    response = owner_client.post(url, {"note": "Something else"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and "already been marked complete" in body
    action.refresh_from_db()
    assert action.completion_note == "Plan updated"


def _question_edit(question: AuditQuestion, text: str, user: Any) -> AuditQuestion:
    return services.audit_question_update(
        question=question,
        text=text,
        kind=question.kind,
        guidance="",
        mandatory=True,
        themes=[],
        user=user,
        expected_version=question.version,
    )


def test_a_stale_tab_cannot_overwrite_a_question_edit(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    tool = make_tool(council, lead)
    question = AuditQuestion.objects.get(section__version__tool=tool, kind="grade")
    tab_one, tab_two = (AuditQuestion.objects.get(pk=question.pk) for _ in range(2))
    _question_edit(tab_one, "Quality and timeliness of the risk assessment", lead)
    with pytest.raises(services.StaleQuestionError, match="Someone else changed this question"):
        _question_edit(tab_two, "Risk assessment", lead)
    question.refresh_from_db()
    assert question.text == "Quality and timeliness of the risk assessment"
    assert question.version == 2


def test_question_page_refuses_a_stale_or_missing_version(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    tool = make_tool(council, lead)
    question = AuditQuestion.objects.get(section__version__tool=tool, kind="grade")
    client = sign_in(lead)
    url = f"/c/{council.la_number}/audits/tools/{tool.pk}/questions/{question.pk}/edit/"
    assert 'name="version" value="1"' in client.get(url).content.decode()
    post = {"text": "First wording", "kind": "grade", "mandatory": "on", "version": "1"}
    assert client.post(url, post).status_code == 302
    response = client.post(url, {**post, "text": "Second wording"})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Someone else changed this question" in page and "Second wording" in page
    del post["version"]
    assert client.post(url, {**post, "text": "Third wording"}).status_code == 200
    question.refresh_from_db()
    assert (question.text, question.version) == ("First wording", 2)


def test_findings_from_a_stale_tab_are_refused_and_the_first_survive(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    programme = make_programme(council, lead)
    tab_one, tab_two = (AuditProgramme.objects.get(pk=programme.pk) for _ in range(2))
    services.programme_findings_set(
        programme=tab_one, findings="Plans are clear", expected_version=tab_one.findings_version
    )
    with pytest.raises(services.AuditError, match="Someone else changed the findings"):
        services.programme_findings_set(
            programme=tab_two, findings="Older", expected_version=tab_two.findings_version
        )
    # Through the page: the detail shows the version; a stale or missing one saves nothing.
    client = sign_in(lead)
    base = f"/c/{council.la_number}/audits/programmes/{programme.pk}"
    assert 'name="findings_version" value="2"' in client.get(f"{base}/").content.decode()
    stale = client.post(
        f"{base}/findings/", {"findings": "Older", "findings_version": "1"}, follow=True
    )
    assert "Someone else changed the findings" in stale.content.decode()
    missing = client.post(f"{base}/findings/", {"findings": "No version"})
    assert missing.status_code == 302
    programme.refresh_from_db()
    assert (programme.findings, programme.findings_version) == ("Plans are clear", 2)
    saved = client.post(f"{base}/findings/", {"findings": "Now agreed", "findings_version": "2"})
    assert saved.status_code == 302
    programme.refresh_from_db()
    assert (programme.findings, programme.findings_version) == ("Now agreed", 3)
