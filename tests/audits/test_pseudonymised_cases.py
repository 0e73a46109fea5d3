"""Child identifiers a person types or uploads into audits are kept as the council's
pseudonyms, as the returns are (issue 15: the raw id lives only in the council's own files)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.audits.builders import make_audit, make_programme, stored
from tests.audits.test_audit_pages import _csv, _sample_post
from thrive.audits.models import Audit
from thrive.returns.pseudonymise import is_pseudonym

pytestmark = pytest.mark.django_db


def test_a_case_added_by_hand_is_stored_as_its_pseudonym(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead, auditor = person("qa_lead", council), person("practitioner", council)
    audit = make_audit(make_programme(council, lead), auditor, child_id="  NB-4411 ")
    assert is_pseudonym(audit.child_id) and audit.child_id == stored(council, "NB-4411")
    assert not Audit.objects.filter(child_id__icontains="4411").exists()


def test_the_same_child_typed_twice_is_refused_as_a_duplicate(
    council_factory: Any, person: Any
) -> None:
    council = council_factory()
    lead, auditor = person("qa_lead", council), person("practitioner", council)
    programme = make_programme(council, lead)
    make_audit(programme, auditor, child_id="NB-4411")
    with pytest.raises(Exception, match="already in the programme"):
        make_audit(programme, auditor, child_id="NB-4411")
    with pytest.raises(Exception, match="already in the programme"):
        make_audit(programme, auditor, child_id=stored(council, "NB-4411"))


def test_a_pseudonym_from_the_returns_is_kept_as_it_is(council_factory: Any, person: Any) -> None:
    council = council_factory()
    lead, auditor = person("qa_lead", council), person("practitioner", council)
    audit = make_audit(make_programme(council, lead), auditor, child_id="0123456789abcdef")
    assert audit.child_id == "0123456789abcdef"


def test_an_uploaded_list_of_cases_is_stored_as_pseudonyms(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    lead = person("qa_lead", council)
    amy = person("practitioner", council, username="amy")
    ben = person("manager", council, username="ben")
    programme = make_programme(council, lead)
    client = sign_in(lead)
    assert _sample_post(client, council, programme, _csv(40), [amy, ben]).status_code == 302
    drawn = list(programme.audits.values_list("child_id", flat=True))
    expected = {stored(council, f"C{i:03d}") for i in range(40)}
    assert len(drawn) == 10 and set(drawn) <= expected


def test_the_migration_pseudonymises_typed_ids_in_audits_and_their_history(
    council_factory: Any, person: Any
) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("thrive.audits.migrations.0005_pseudonymised_child_ids")
    council = council_factory()
    lead, auditor = person("qa_lead", council), person("practitioner", council)
    programme = make_programme(council, lead)
    typed = make_audit(programme, auditor, child_id="placeholder")
    kept = make_audit(programme, auditor, child_id="0123456789abcdef")
    # As an audit added by hand before pseudonymisation was stored: the typed id, raw.
    Audit.objects.filter(pk=typed.pk).update(child_id=" NB-77 ")
    Audit.history.filter(id=typed.pk).update(child_id=" NB-77 ")
    migration.forward(apps, None)
    typed.refresh_from_db()
    kept.refresh_from_db()
    assert typed.child_id == stored(council, "NB-77") and kept.child_id == "0123456789abcdef"
    assert set(Audit.history.filter(id=typed.pk).values_list("child_id", flat=True)) == {
        stored(council, "NB-77")
    }
