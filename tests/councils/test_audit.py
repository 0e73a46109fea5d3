"""Audit: history on every model, and the append-only access log written by one helper."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from thrive.councils.access import access_log_record, child_level_view
from thrive.councils.models import AccessLogEntry, AppendOnlyError, Council, Membership
from thrive.councils.roles import Role
from thrive.councils.services import membership_set
from thrive.returns.selectors import council_pseudonymiser

# Models that are deliberately not versioned, with the reason.
UNVERSIONED = {
    "AccessLogEntry": "append-only itself: rows never change",
    "MeasureValue": "derived: recomputed from the returns; the returns are versioned",
    "ValidationFinding": "derived: the validator's output for an upload; never edited",
}


def test_every_thrive_model_keeps_history() -> None:
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("thrive.") or model.__name__.startswith("Historical"):
            continue
        if model.__name__ in UNVERSIONED:
            continue
        if not hasattr(model, "history"):
            missing.append(model.__name__)
    assert missing == [], f"Add HistoricalRecords() to: {missing}"


def test_writes_create_history_with_who(council_factory: Any, person: Any) -> None:
    council: Council = council_factory(name="Before")
    council.name = "After"
    council.save()
    assert [h.name for h in council.history.all()] == ["After", "Before"]
    user = person("manager", council)
    membership = Membership.objects.get(user=user)
    membership_set(user=user, council=council, role=Role.DIRECTOR)
    assert [h.role for h in membership.history.all()] == ["director", "manager"]


def test_history_records_the_person_who_changed_it(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    admin = person("admin", council)
    client = sign_in(admin)
    client.get(f"/c/{council.la_number}/")  # the history middleware sets the user per request
    from simple_history.models import HistoricalRecords

    request = RequestFactory().get("/")
    request.user = admin
    HistoricalRecords.context.request = request
    try:
        council.name = "Renamed by admin"
        council.save()
    finally:
        del HistoricalRecords.context.request
    assert council.history.first().history_user == admin


def _request(user: Any, council: Council) -> HttpRequest:
    request = RequestFactory().get("/c/x/children/?team=1", REMOTE_ADDR="10.1.2.3")
    request.user = user
    request.council = council  # type: ignore[attr-defined]
    return request


def test_access_log_record_writes_who_what_why(council_factory: Any, person: Any) -> None:
    council = council_factory()
    user = person("analyst", council)
    entry = access_log_record(
        request=_request(user, council),
        council=council,
        kind="export",
        what="Children on CP plans",
        purpose="Board pack",
        child_ids=["C2", "C1", "C1"],
    )
    assert entry.username == user.username
    pseudonym = council_pseudonymiser(council=council)  # raw ids are kept as pseudonyms
    assert pseudonym is not None
    assert entry.child_ids == sorted({pseudonym("C1"), pseudonym("C2")})
    assert entry.ip_address == "10.1.2.3"
    assert entry.path == "/c/x/children/?team=1"


def test_access_log_rows_cannot_be_changed_or_deleted(council_factory: Any, person: Any) -> None:
    council = council_factory()
    user = person("analyst", council)
    entry = access_log_record(
        request=_request(user, council), council=council, kind="view", what="x", purpose="y"
    )
    entry.purpose = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="tampered")
    assert AccessLogEntry.objects.get().purpose == "y"


# Pages hand over the pseudonyms the stored versions hold (16 hex characters).
SHOWN = ["00000000000000a1", "00000000000000b2"]


@child_level_view(what="Children in care list", purpose="Casework")
def _children_page(request: HttpRequest) -> tuple[HttpResponse, list[str]]:
    return HttpResponse("children"), SHOWN


def test_child_level_view_logs_every_read(council_factory: Any, person: Any) -> None:
    council = council_factory()
    practitioner = person("practitioner", council)
    response = _children_page(_request(practitioner, council))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.kind, entry.what, entry.child_ids) == (
        "view",
        "Children in care list",
        SHOWN,
    )


@pytest.mark.parametrize("role", ["councillor", "board_member", "regional_analyst"])
def test_aggregate_roles_never_reach_child_level_views(
    council_factory: Any, person: Any, role: str
) -> None:
    council = council_factory()
    with pytest.raises(PermissionDenied):
        _children_page(_request(person(role, council), council))
    assert not AccessLogEntry.objects.exists()
