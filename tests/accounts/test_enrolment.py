"""Enrolment through a one-time link: hashed, expiring, single use, bound to one person, logged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrive.accounts.enrolment import (
    EnrolmentError,
    enrolment_complete,
    enrolment_device,
    enrolment_link_issue,
    token_hash,
)
from thrive.accounts.models import EnrolmentLink

NEW_PASSWORD = "violet-harbour-lantern-88"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _token(issued: Any) -> str:
    return str(issued.path.rstrip("/").rsplit("/", 1)[1])


def _issue(user: Any, council: Any, by: Any = None, purpose: str = "invite") -> Any:
    return enrolment_link_issue(user=user, purpose=purpose, issued_by=by, council=council)


def _enrol(client: Any, issued: Any) -> Any:
    page = client.get(issued.path)
    assert page.status_code == 200, page.status_code
    device = TOTPDevice.objects.get(user=issued.link.user, confirmed=False)
    return client.post(
        issued.path,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "code": _code(device)},
    )


def test_a_link_enrols_the_person_and_signs_them_in(
    council_factory: Any, person: Any, client: Any, caplog: Any
) -> None:
    council = council_factory()
    admin = person("admin", council)
    user = person("analyst", council)
    issued = _issue(user, council, by=admin)
    assert not TOTPDevice.objects.filter(user=user).exists()  # old device gone at issue
    page = client.get(issued.path)
    body = page.content.decode()
    assert "<svg" in body and "Set up your Thrive account" in body and user.username in body
    with caplog.at_level("INFO", logger="thrive.security"):
        done = _enrol(client, issued)
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert TOTPDevice.objects.get(user=user).confirmed
    link = EnrolmentLink.objects.get(pk=issued.link.pk)
    assert link.used_at is not None
    assert [r.message for r in caplog.records].count("enrolment link used") == 1
    # Signed in with the second factor passed: a child-level page opens.
    assert client.get(reverse("web:council-home", args=[council.la_number])).status_code == 200
    # Issue and use are in the link's history, the issue with the administrator's name.
    kinds = [(h.history_type, h.used_at is not None) for h in link.history.order_by("history_id")]
    assert kinds == [("+", False), ("~", True)]
    assert link.issued_by == admin


def test_the_token_is_stored_only_as_a_hash(council_factory: Any, person: Any) -> None:
    council = council_factory()
    issued = _issue(person("analyst", council), council)
    token = _token(issued)
    assert len(token) >= 40
    link = EnrolmentLink.objects.get(pk=issued.link.pk)
    assert link.token_hash == token_hash(token) != token
    assert not EnrolmentLink.objects.filter(token_hash=token).exists()


def test_a_used_link_is_refused(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    issued = _issue(person("analyst", council), council)
    assert _enrol(client, issued).status_code == 302
    client.logout()
    again = client.get(issued.path)
    assert again.status_code == 404
    assert "This set-up link does not work" in again.content.decode()


def test_an_expired_link_is_refused(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    user = person("analyst", council)
    issued = _issue(user, council)
    EnrolmentLink.objects.filter(pk=issued.link.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(issued.path).status_code == 404
    response = client.post(
        issued.path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "code": "1"}
    )
    assert response.status_code == 404
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_links_expire_after_the_configured_hours(
    council_factory: Any, person: Any, settings: Any
) -> None:
    settings.THRIVE_ENROLMENT_LINK_HOURS = 5
    council = council_factory()
    issued = _issue(person("analyst", council), council)
    hours = (issued.link.expires_at - issued.link.issued_at).total_seconds() / 3600
    assert 4.99 < hours < 5.01


def test_an_unknown_token_is_refused(client: Any, db: Any) -> None:
    assert client.get(reverse("accounts:enrol", args=["not-a-real-token"])).status_code == 404


def test_a_link_for_someone_else_is_refused_while_signed_in(
    council_factory: Any, person: Any, client: Any, sign_in: Any
) -> None:
    council = council_factory()
    victim = person("analyst", council)
    attacker = person("analyst", council)
    issued = _issue(victim, council)
    sign_in(attacker)
    page = client.get(issued.path)
    assert page.status_code == 403
    assert "Sign out to use this link" in page.content.decode()
    assert EnrolmentLink.objects.get(pk=issued.link.pk).used_at is None


def test_a_new_link_replaces_the_old_one(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    user = person("analyst", council)
    first = _issue(user, council)
    second = _issue(user, council, purpose="reset")
    assert client.get(first.path).status_code == 404
    assert client.get(second.path).status_code == 200


def test_a_deactivated_persons_link_is_refused(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    user = person("analyst", council)
    issued = _issue(user, council)
    user.is_active = False
    user.save()
    assert client.get(issued.path).status_code == 404


def test_a_wrong_code_leaves_the_link_open(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    user = person("analyst", council)
    issued = _issue(user, council)
    client.get(issued.path)
    response = client.post(
        issued.path,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "code": "000000"},
    )
    assert response.status_code == 200
    assert "The code is not correct" in response.content.decode()
    assert EnrolmentLink.objects.get(pk=issued.link.pk).used_at is None
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_a_link_can_be_used_only_once_even_from_two_tabs(council_factory: Any, person: Any) -> None:
    council = council_factory()
    user = person("analyst", council)
    issued = _issue(user, council)
    device = enrolment_device(issued.link)
    enrolment_complete(link=issued.link, device=device, password=NEW_PASSWORD)
    with pytest.raises(EnrolmentError, match="already been used"):
        enrolment_complete(link=issued.link, device=device, password="another-password-99")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_the_link_is_emailed(council_factory: Any, person: Any) -> None:
    council = council_factory(name="Emailshire")
    user = person("analyst", council)
    issued = enrolment_link_issue(
        user=user,
        purpose="invite",
        issued_by=None,
        council=council,
        base_url="https://thrive.example.test",
    )
    assert issued.emailed
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert f"https://thrive.example.test{issued.path}" in message.body
    assert "Emailshire" in message.body
