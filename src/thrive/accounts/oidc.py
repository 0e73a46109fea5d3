"""Single sign-on through OpenID Connect (e.g. Microsoft Entra ID), enabled by OIDC_* settings.

People are matched on the identity provider's stable subject (`sub` with the issuer `iss`),
stored on the account at the first sign-in. The email claim is used only for that first link-up,
only when it names exactly one active account not yet linked, and only when its domain is one
of the domains configured for a council the person belongs to (`THRIVE_SSO_EMAIL_DOMAINS`, e.g.
"887=medway.gov.uk;990=northbridge.example"). A second identity with the same email therefore
cannot take over a linked account. SSO never creates accounts or roles, so a council's
administrator still decides who may see what.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from thrive.accounts.models import User
from thrive.councils.models import Membership

log = logging.getLogger("thrive.security")


def sso_email_domains(raw: str | None = None) -> dict[str, frozenset[str]]:
    """Parse "887=a.gov.uk,b.gov.uk;990=c.example" into {LA number: domains}."""
    text = getattr(settings, "THRIVE_SSO_EMAIL_DOMAINS", "") if raw is None else raw
    domains: dict[str, frozenset[str]] = {}
    for part in (p.strip() for p in (text or "").split(";")):
        if not part:
            continue
        code, sep, names = part.partition("=")
        listed = frozenset(n.strip().lower().lstrip("@") for n in names.split(",") if n.strip())
        if not sep or not code.strip() or not listed:
            raise ImproperlyConfigured(
                f"THRIVE_SSO_EMAIL_DOMAINS: {part!r} is not 'LA number=domain,domain'; "
                "for example 887=medway.gov.uk;990=northbridge.example"
            )
        domains[code.strip()] = domains.get(code.strip(), frozenset()) | listed
    return domains


def _refuse(why: str, claims: dict[str, Any]) -> None:
    log.warning(
        "single sign-on refused",
        extra={"event": "sso_refused", "why": why, "issuer": claims.get("iss", "")},
    )


def sso_match(claims: dict[str, Any]) -> User | None:
    """The account these verified claims belong to, or None."""
    subject, issuer = str(claims.get("sub") or ""), str(claims.get("iss") or "")
    if not subject or not issuer:
        _refuse("no subject or issuer", claims)
        return None
    linked = User.objects.filter(oidc_issuer=issuer, oidc_subject=subject).first()
    if linked is not None:
        return linked if linked.is_active else None
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email or claims.get("email_verified") is False:
        _refuse("no verified email for first link-up", claims)
        return None
    candidates = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
    if len(candidates) != 1:
        _refuse("email matches no account, or more than one", claims)
        return None
    person = candidates[0]
    if person.oidc_subject:
        _refuse("account already linked to another identity", claims)
        return None
    domain = email.rpartition("@")[2]
    allowed = sso_email_domains()
    codes = Membership.objects.filter(user=person).values_list("council__la_number", flat=True)
    if not any(domain in allowed.get(code, frozenset()) for code in codes):
        _refuse("email domain not configured for the person's councils", claims)
        return None
    return person


def sso_link(person: User, claims: dict[str, Any]) -> User | None:
    """Store the subject on `person` at first sign-in; None if it is linked elsewhere."""
    subject, issuer = str(claims.get("sub") or ""), str(claims.get("iss") or "")
    try:
        with transaction.atomic():
            fresh = User.objects.select_for_update().get(pk=person.pk)
            if fresh.oidc_subject:
                same = (fresh.oidc_issuer, fresh.oidc_subject) == (issuer, subject)
                return fresh if same else None
            fresh.oidc_issuer, fresh.oidc_subject = issuer, subject
            fresh.version += 1
            fresh.save(update_fields=["oidc_issuer", "oidc_subject", "version"])
    except IntegrityError:
        _refuse("subject already linked to another account", claims)
        return None
    log.info("single sign-on linked", extra={"event": "sso_linked", "person": fresh.username})
    return fresh


class ThriveOidcBackend(OIDCAuthenticationBackend):
    def create_user(self, claims: dict[str, Any]) -> None:
        return None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub") and claims.get("iss"))

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The user-info claims, with the issuer of the verified ID token; the subjects of the
        two must agree (OpenID Connect Core 5.3.2), else no claims at all."""
        claims = dict(super().get_userinfo(access_token, id_token, payload))
        if not payload.get("sub") or claims.get("sub") != payload.get("sub"):
            _refuse("user-info subject differs from the ID token's", payload)
            return {}
        claims["iss"] = payload.get("iss") or ""
        return claims

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        person = sso_match(claims)
        if person is None:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(pk=person.pk)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        return sso_link(user, claims)
