"""Moderation: every inadequate audit, a share of the rest, never by the auditor; the rates."""

from __future__ import annotations

from typing import Any

import pytest

from tests.audits.builders import make_audit, make_programme, submit
from thrive.audits import services
from thrive.audits.models import AuditStatus, Grade, ModerationReason
from thrive.audits.selectors import moderation_summary

pytestmark = pytest.mark.django_db


def test_every_inadequate_audit_is_moderated_even_at_zero_share(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    programme = make_programme(council, lead, share=0)
    bad = submit(make_audit(programme, auditor, "C1"), auditor, Grade.INADEQUATE)
    good = submit(make_audit(programme, auditor, "C2"), auditor, Grade.GOOD)
    assert bad.status == AuditStatus.IN_MODERATION
    assert bad.moderation.selected_because == ModerationReason.INADEQUATE
    assert bad.moderation.moderator == lead
    assert good.status == AuditStatus.COMPLETE
    assert not hasattr(good, "moderation") or good.moderation is None


def test_share_selects_the_configured_proportion(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    programme = make_programme(council, lead, share=25)
    selected = []
    for number in range(8):
        audit = submit(make_audit(programme, auditor, f"C{number}"), auditor, Grade.GOOD)
        selected.append(audit.status == AuditStatus.IN_MODERATION)
    # ceil(n × 25%) of the first n audits: the 1st and 5th go to moderation.
    assert selected == [True, False, False, False, True, False, False, False]


def test_moderator_is_never_the_auditor(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    programme = make_programme(council, lead, share=100)
    # The QA lead audits: the only other moderator-capable person is the administrator.
    admin = person("admin", council)
    audit = submit(make_audit(programme, lead, "C1"), lead, Grade.GOOD)
    assert audit.moderation.moderator == admin
    with pytest.raises(services.AuditError, match=services.ERROR_MODERATOR_IS_AUDITOR):
        services.moderation_complete(
            moderation=audit.moderation, moderator=lead, outcome="agreed", grade="", reasons="Fine"
        )


def test_changed_grade_needs_a_different_grade_and_counts_in_the_rates(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    programme = make_programme(council, lead, share=100)
    first = submit(make_audit(programme, auditor, "C1"), auditor, Grade.GOOD)
    second = submit(make_audit(programme, auditor, "C2"), auditor, Grade.GOOD)
    with pytest.raises(services.AuditError, match=services.ERROR_SAME_GRADE):
        services.moderation_complete(
            moderation=first.moderation,
            moderator=lead,
            outcome="changed",
            grade=Grade.GOOD,
            reasons="x",
        )
    services.moderation_complete(
        moderation=first.moderation,
        moderator=lead,
        outcome="changed",
        grade=Grade.REQUIRES_IMPROVEMENT,
        reasons="No written safety plan",
    )
    services.moderation_complete(
        moderation=second.moderation, moderator=lead, outcome="agreed", grade="", reasons="Agreed"
    )
    first.refresh_from_db()
    assert first.final_grade == Grade.REQUIRES_IMPROVEMENT
    assert first.overall_grade == Grade.GOOD
    assert first.status == AuditStatus.COMPLETE
    summary = moderation_summary(council=council)
    assert (summary.submitted, summary.selected, summary.completed, summary.changed) == (2, 2, 2, 1)
    assert summary.moderation_rate == 1.0
    assert summary.grade_change_rate == 0.5
    with pytest.raises(services.AuditError, match=services.ERROR_MODERATION_DONE):
        services.moderation_complete(
            moderation=first.moderation, moderator=lead, outcome="agreed", grade="", reasons="x"
        )


def test_moderation_page_changes_a_grade_with_reasons(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    auditor = person("practitioner", council)
    programme = make_programme(council, lead, share=100)
    audit = submit(make_audit(programme, auditor, "C1"), auditor, Grade.GOOD)
    client = sign_in(lead)
    url = f"/c/{council.la_number}/audits/moderation/{audit.moderation.pk}/"
    response = client.post(url, {"outcome": "changed", "reasons": "Plan not shared"})
    body = response.content.decode()
    assert response.status_code == 200 and "Choose the moderated grade" in body
    assert "govuk-error-summary" in body
    response = client.post(
        url, {"outcome": "changed", "moderated_grade": "inadequate", "reasons": "Plan not shared"}
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.final_grade == Grade.INADEQUATE


def test_the_auditor_cannot_open_their_own_moderation(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    person("qa_lead", council)
    programme = make_programme(council, lead, share=100)
    audit = submit(make_audit(programme, lead, "C1"), lead, Grade.GOOD)
    response = sign_in(lead).get(f"/c/{council.la_number}/audits/moderation/{audit.moderation.pk}/")
    assert response.status_code == 403
