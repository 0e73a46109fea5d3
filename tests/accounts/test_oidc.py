"""Single sign-on matches the provider's stable subject; email only links up the first time, only
within the council's configured domains, and never takes over an account already linked."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from thrive.accounts.oidc import ThriveOidcBackend, sso_email_domains, sso_match

ISSUER = "https://login.example.test/tenant/v2.0"
OIDC_SETTINGS = {
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.test/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.test/userinfo",
    "OIDC_RP_CLIENT_ID": "thrive-test",
    "OIDC_RP_CLIENT_SECRET": "not-a-secret",
    "OIDC_RP_SIGN_ALGO": "HS256",
}


@pytest.fixture
def backend(settings: Any) -> ThriveOidcBackend:
    for name, value in OIDC_SETTINGS.items():
        setattr(settings, name, value)
    return ThriveOidcBackend()


@pytest.fixture
def staff(council_factory: Any, person: Any, settings: Any) -> Any:
    council = council_factory(la_number="9301")
    settings.THRIVE_SSO_EMAIL_DOMAINS = "9301=ssoshire.example, staff.ssoshire.example"
    user = person("analyst", council)
    user.email = "Sam.Worker@SSOshire.example"
    user.save()
    return user


def _claims(sub: str, email: str = "sam.worker@ssoshire.example", **extra: Any) -> dict[str, Any]:
    return {"sub": sub, "iss": ISSUER, "email": email, **extra}


def _sign_in(backend: ThriveOidcBackend, claims: dict[str, Any]) -> Any:
    payload = {"sub": claims.get("sub"), "iss": claims.get("iss")}
    userinfo = {k: v for k, v in claims.items() if k != "iss"}
    with mock.patch.object(OIDCAuthenticationBackend, "get_userinfo", return_value=userinfo):
        return backend.get_or_create_user("access", "id", payload)


def test_first_sign_in_links_the_subject_then_the_subject_is_what_matches(
    backend: ThriveOidcBackend, staff: Any
) -> None:
    assert _sign_in(backend, _claims("subject-1")) == staff
    staff.refresh_from_db()
    assert (staff.oidc_issuer, staff.oidc_subject) == (ISSUER, "subject-1")
    # Later sign-ins match on the subject, even if the email claim has changed.
    assert _sign_in(backend, _claims("subject-1", email="renamed@elsewhere.example")) == staff


def test_another_identity_with_the_same_email_cannot_take_over_a_linked_account(
    backend: ThriveOidcBackend, staff: Any
) -> None:
    assert _sign_in(backend, _claims("subject-1")) == staff
    assert _sign_in(backend, _claims("attacker-subject")) is None
    staff.refresh_from_db()
    assert staff.oidc_subject == "subject-1"


def test_the_same_subject_from_another_issuer_is_a_different_identity(
    backend: ThriveOidcBackend, staff: Any
) -> None:
    _sign_in(backend, _claims("subject-1"))
    other = {**_claims("subject-1"), "iss": "https://evil.example.test"}
    assert _sign_in(backend, other) is None


def test_email_link_up_only_within_the_councils_domains(
    backend: ThriveOidcBackend, staff: Any, settings: Any
) -> None:
    settings.THRIVE_SSO_EMAIL_DOMAINS = "9301=other-council.example"
    assert _sign_in(backend, _claims("subject-1")) is None
    settings.THRIVE_SSO_EMAIL_DOMAINS = ""
    assert _sign_in(backend, _claims("subject-1")) is None
    staff.refresh_from_db()
    assert staff.oidc_subject == ""
    # A domain configured for a council the person does not belong to does not count.
    settings.THRIVE_SSO_EMAIL_DOMAINS = "9999=ssoshire.example"
    assert _sign_in(backend, _claims("subject-1")) is None


def test_an_email_shared_by_two_accounts_links_neither(
    backend: ThriveOidcBackend, staff: Any, person: Any
) -> None:
    twin = person("councillor", staff.memberships.get().council)
    twin.email = staff.email.lower()
    twin.save()
    assert _sign_in(backend, _claims("subject-1")) is None


def test_an_unverified_email_or_a_deactivated_account_is_refused(
    backend: ThriveOidcBackend, staff: Any
) -> None:
    assert _sign_in(backend, _claims("subject-1", email_verified=False)) is None
    assert _sign_in(backend, _claims("subject-1")) == staff
    staff.is_active = False
    staff.save()
    assert sso_match(_claims("subject-1")) is None


def test_userinfo_must_describe_the_id_tokens_subject(
    backend: ThriveOidcBackend, staff: Any
) -> None:
    with mock.patch.object(
        OIDCAuthenticationBackend, "get_userinfo", return_value=_claims("someone-else")
    ):
        claims = backend.get_userinfo("access", "id", {"sub": "subject-1", "iss": ISSUER})
    assert claims == {}


def test_sso_never_creates_accounts(backend: ThriveOidcBackend, db: Any, settings: Any) -> None:
    settings.THRIVE_SSO_EMAIL_DOMAINS = "9301=ssoshire.example"
    assert _sign_in(backend, _claims("new-subject", email="nobody@ssoshire.example")) is None


def test_domain_setting_is_parsed_and_checked() -> None:
    assert sso_email_domains("887=Medway.gov.uk, @medway.example; 990=nb.example") == {
        "887": frozenset({"medway.gov.uk", "medway.example"}),
        "990": frozenset({"nb.example"}),
    }
    with pytest.raises(ImproperlyConfigured, match=r"887=medway\.gov\.uk"):
        sso_email_domains("medway.gov.uk")
