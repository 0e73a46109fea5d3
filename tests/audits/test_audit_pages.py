"""Doing audits through the pages: sampling upload, save as you go, submit, escalate, visibility."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.audits.builders import make_audit, make_programme, stored, submit
from thrive.audits import services
from thrive.audits.models import Audit, AuditQuestion, AuditSample, AuditStatus, Grade
from thrive.councils.models import AccessLogEntry, Membership
from thrive.returns.selectors import council_pseudonymiser

pytestmark = pytest.mark.django_db


def _csv(rows: int, workers: tuple[str, ...] = ("amy", "ben")) -> bytes:
    lines = ["child_id,team,worker,cp_plan_start_date"]
    for i in range(rows):
        team = "North" if i % 2 else "South"
        lines.append(f"C{i:03d},{team},{workers[i % len(workers)]},2024-01-0{1 + i % 9}")
    return ("\n".join(lines) + "\n").encode()


def _sample_post(
    client: Any, council: Any, programme: Any, data: bytes, auditors: list[Any], **extra: Any
) -> Any:
    payload = {
        "source": "csv",
        "case_file": SimpleUploadedFile("cases.csv", data, content_type="text/csv"),
        "method": "random",
        "size": "10",
        "seed": "12345",
        "rule": "",
        "as_of": "01/03/2026",
        "auditors": [str(a.pk) for a in auditors],
    }
    payload.update(extra)
    return client.post(f"/c/{council.la_number}/audits/programmes/{programme.pk}/sample/", payload)


def test_sampling_page_draws_reproducibly_and_never_assigns_own_cases(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    amy = person("practitioner", council, username="amy")
    ben = person("manager", council, username="ben")
    programme = make_programme(council, lead)
    other = make_programme(council, lead, name="Second")
    client = sign_in(lead)
    assert _sample_post(client, council, programme, _csv(40), [amy, ben]).status_code == 302
    assert _sample_post(client, council, other, _csv(40), [amy, ben]).status_code == 302
    first = list(programme.audits.order_by("id").values_list("child_id", flat=True))
    second = list(other.audits.order_by("id").values_list("child_id", flat=True))
    assert first == second and len(first) == 10
    sample = AuditSample.objects.get(programme=programme)
    assert (sample.seed, sample.size, sample.candidate_count, sample.method) == (
        12345,
        10,
        40,
        "random",
    )
    assert len(sample.source_sha256) == 64
    for audit in Audit.objects.all():
        assert audit.auditor.username != audit.worker
        assert audit.case_facts["cp_plan_start_date"].startswith("2024-01-0")


def test_sampling_page_shows_row_errors_and_saves_nothing(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    amy = person("practitioner", council, username="amy")
    programme = make_programme(council, lead)
    bad = _csv(5) + b",North,amy,2024-01-01\nC900,South,ben,not-a-date\n"
    response = _sample_post(sign_in(lead), council, programme, bad, [amy])
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Nothing has been saved" in body
    cell = '<td class="govuk-table__cell">{}</td>'
    assert cell.format(7) in body and cell.format("is blank") in body
    assert cell.format(8) in body and "not-a-date" in body
    assert not Audit.objects.exists() and not AuditSample.objects.exists()


def test_sampling_refuses_when_the_only_auditor_is_the_worker(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    amy = person("practitioner", council, username="amy")
    programme = make_programme(council, lead)
    response = _sample_post(sign_in(lead), council, programme, _csv(4, ("amy",)), [amy])
    assert response.status_code == 200
    assert "choose more auditors" in response.content.decode()
    assert not Audit.objects.exists()


def test_manual_addition_needs_a_reason_and_not_the_workers_own_case(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    amy = person("practitioner", council, username="amy")
    programme = make_programme(council, lead)
    client = sign_in(lead)
    url = f"/c/{council.la_number}/audits/programmes/{programme.pk}/add-case/"
    response = client.post(
        url, {"child_id": "C1", "team": "North", "worker": "amy", "reason": "", "auditor": amy.pk}
    )
    body = response.content.decode()
    assert "Enter" in body or "required" in body
    assert "cannot audit a case they work on" in body
    response = client.post(
        url,
        {
            "child_id": "C1",
            "team": "North",
            "worker": "zed",
            "reason": "IRO concern",
            "auditor": amy.pk,
        },
    )
    assert response.status_code == 302
    audit = Audit.objects.get()
    assert audit.added_manually and audit.manual_reason == "IRO concern"


def test_auditor_saves_as_they_go_then_submits(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    audit = make_audit(make_programme(council, lead, share=0), auditor)
    client = sign_in(auditor)
    base = f"/c/{council.la_number}/audits/cases/{audit.pk}"
    yes_no, grade = AuditQuestion.objects.filter(
        section__version=audit.tool_version, section__order=1
    )
    # Save and come back later: partial answers are kept without complaint.
    response = client.post(f"{base}/sections/1/", {"action": "save", f"q{yes_no.pk}": "partly"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS
    assert audit.answers.get(question=yes_no).value == "partly"
    # Save and continue enforces the mandatory questions.
    response = client.post(f"{base}/sections/1/", {"action": "continue", f"q{yes_no.pk}": "yes"})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Choose an answer to “Quality of risk assessment”" in body
    assert response.context["form"].errors
    response = client.post(
        f"{base}/sections/1/",
        {"action": "continue", f"q{yes_no.pk}": "yes", f"q{grade.pk}": "good"},
    )
    assert response["Location"].endswith(f"{base}/sections/2/")
    # Submitting without the overall grade lists what is missing.
    response = client.post(f"{base}/submit/")
    assert "Overall grade" in response.content.decode()
    assert Audit.objects.get(pk=audit.pk).submitted_at is None
    response = client.post(
        f"{base}/grade/", {"overall_grade": "good", "rationale": "Seen alone, plan clear"}
    )
    assert response.status_code == 302
    response = client.post(f"{base}/submit/")
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETE and audit.submitted_at is not None
    # A submitted audit cannot be changed.
    with pytest.raises(services.AuditError, match=services.ERROR_NOT_EDITABLE):
        services.audit_answers_save(audit=audit, answers={yes_no.pk: ("no", "")}, user=auditor)


def test_audit_pages_are_access_logged_with_the_child(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    audit = make_audit(make_programme(council, lead), auditor, child_id="C-LOG-1")
    sign_in(auditor).get(f"/c/{council.la_number}/audits/cases/{audit.pk}/")
    entry = AccessLogEntry.objects.get()
    pseudonym = council_pseudonymiser(council=council)  # the log keeps no raw id
    assert pseudonym is not None
    assert entry.child_ids == [pseudonym("C-LOG-1")] and entry.what == "Case audit"


def test_practitioners_see_only_their_assigned_or_own_cases(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    amy = person("practitioner", council, username="amy")
    ben = person("practitioner", council, username="ben")
    programme = make_programme(council, lead)
    assigned = make_audit(programme, amy, child_id="C-ASSIGNED", worker="zed")
    own_case = make_audit(programme, ben, child_id="C-OWN", worker="amy")
    unrelated = make_audit(programme, ben, child_id="C-OTHER", worker="zed")
    client = sign_in(amy)
    body = client.get(f"/c/{council.la_number}/audits/cases/").content.decode()
    assigned_id, own_id, other_id = (stored(council, c) for c in ("C-ASSIGNED", "C-OWN", "C-OTHER"))
    assert assigned_id in body and own_id in body and other_id not in body
    assert "C-ASSIGNED" not in body  # the typed id is kept only as its pseudonym
    assert client.get(f"/c/{council.la_number}/audits/cases/{assigned.pk}/").status_code == 200
    assert client.get(f"/c/{council.la_number}/audits/cases/{own_case.pk}/").status_code == 200
    assert client.get(f"/c/{council.la_number}/audits/cases/{unrelated.pk}/").status_code == 404
    # Seeing your own case's audit does not let you change it.
    assert (
        client.get(f"/c/{council.la_number}/audits/cases/{own_case.pk}/sections/1/").status_code
        == 403
    )


def test_team_manager_sees_their_teams_audits(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    amy = person("practitioner", council)
    manager = person("manager", council)
    Membership.objects.filter(user=manager).update(team="North")
    programme = make_programme(council, lead)
    north = make_audit(programme, amy, child_id="C-N", team="North")
    south = make_audit(programme, amy, child_id="C-S", team="South")
    client = sign_in(manager)
    assert client.get(f"/c/{council.la_number}/audits/cases/{north.pk}/").status_code == 200
    assert client.get(f"/c/{council.la_number}/audits/cases/{south.pk}/").status_code == 404


def test_escalation_emails_the_team_manager_at_once(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    north_manager = person("manager", council)
    other_manager = person("manager", council)
    Membership.objects.filter(user=north_manager).update(team="North")
    Membership.objects.filter(user=other_manager).update(team="South")
    audit = make_audit(make_programme(council, lead), auditor, child_id="C-RISK", team="North")
    client = sign_in(auditor)
    url = f"/c/{council.la_number}/audits/cases/{audit.pk}/escalate/"
    response = client.post(url, {"reason": ""})
    assert "govuk-error-summary" in response.content.decode() and not mail.outbox
    response = client.post(url, {"reason": "Bruising seen in photographs, not followed up"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [north_manager.email]
    assert stored(council, "C-RISK") in message.body and "C-RISK" not in message.body
    assert f"/audits/cases/{audit.pk}/" in message.body
    assert "Bruising" not in message.body  # the detail stays behind sign-in
    escalation = audit.escalations.get()
    assert escalation.notified == [north_manager.username]


def test_child_actions_are_tracked_to_completion(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    owner = person("manager", council)
    audit = make_audit(make_programme(council, lead), auditor)
    client = sign_in(auditor)
    url = f"/c/{council.la_number}/audits/cases/{audit.pk}/actions/new/"
    past = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        url, {"description": "Update the plan", "owner": owner.pk, "due_date": past}
    )
    assert "must be today or in the future" in response.content.decode()
    due = (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")
    assert (
        client.post(
            url, {"description": "Update the plan", "owner": owner.pk, "due_date": due}
        ).status_code
        == 302
    )
    action = audit.child_actions.get()
    services.child_action_create(
        audit=audit,
        description="Overdue one",
        owner=owner,
        due_date=timezone.localdate() - timedelta(days=2),
        created_by=auditor,
    )
    from thrive.audits.selectors import child_action_overdue_count

    assert child_action_overdue_count(council=council) == 1
    # The owner (a manager outside the case's team) sees the audit because they own an action.
    client = sign_in(owner)
    assert client.get(f"/c/{council.la_number}/audits/cases/{audit.pk}/").status_code == 200
    response = client.post(
        f"/c/{council.la_number}/audits/child-actions/{action.pk}/complete/",
        {"note": "Plan updated"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_at is not None and action.completion_note == "Plan updated"


def test_dashboard_shows_aggregates_to_councillors_without_children(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    programme = make_programme(council, lead, share=100)
    submit(make_audit(programme, auditor, child_id="C-SECRET-1"), auditor, Grade.GOOD)
    make_audit(programme, auditor, child_id="C-SECRET-2")
    body = (
        sign_in(person("councillor", council))
        .get(f"/c/{council.la_number}/audits/")
        .content.decode()
    )
    assert "C-SECRET" not in body
    assert "<svg" in body and "govuk-table" in body
    assert "100%" in body  # moderation rate: 1 of 1


def test_reassigning_keeps_answers_and_refuses_the_worker(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    amy = person("practitioner", council, username="amy")
    ben = person("practitioner", council, username="ben")
    audit = make_audit(make_programme(council, lead), amy, child_id="C1", worker="ben")
    question = AuditQuestion.objects.filter(section__version=audit.tool_version).first()
    services.audit_answers_save(audit=audit, answers={question.pk: ("yes", "")}, user=amy)
    client = sign_in(lead)
    url = f"/c/{council.la_number}/audits/cases/{audit.pk}/reassign/"
    response = client.post(url, {"auditor": ben.pk})
    assert "cannot audit a case they work on" in response.content.decode()
    carl = person("manager", council, username="carl")
    assert client.post(url, {"auditor": carl.pk}).status_code == 302
    audit.refresh_from_db()
    assert audit.auditor == carl and audit.answers.count() == 1


def test_failed_escalation_email_is_recorded_and_says_phone(
    council_factory: Any, person: Any, sign_in: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.audits.failing_email.Backend"
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    person("manager", council)
    audit = make_audit(make_programme(council, lead), auditor, child_id="C-RISK")
    client = sign_in(auditor)
    response = client.post(
        f"/c/{council.la_number}/audits/cases/{audit.pk}/escalate/",
        {"reason": "Unexplained injury"},
        follow=True,
    )
    assert "Phone the team manager now" in response.content.decode()
    escalation = audit.escalations.get()
    assert escalation.email_failed and escalation.notified == []


def test_overdue_audits_are_counted(council_factory: Any, person: Any) -> None:
    from datetime import date

    from thrive.audits.selectors import audit_overdue_count

    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    programme = make_programme(council, lead)  # March 2026
    make_audit(programme, auditor, "C1")
    submit(make_audit(programme, auditor, "C2"), auditor, Grade.GOOD)
    assert audit_overdue_count(council=council, today=date(2026, 3, 31)) == 0
    assert audit_overdue_count(council=council, today=date(2026, 4, 1)) == 1
