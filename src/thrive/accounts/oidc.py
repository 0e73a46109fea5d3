"""Single sign-on through OpenID Connect (e.g. Microsoft Entra ID), enabled by OIDC_* settings.

People are matched by email to an existing Thrive account; SSO never creates accounts or roles,
so a council's administrator still decides who may see what.
"""

from __future__ import annotations

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class ThriveOidcBackend(OIDCAuthenticationBackend):
    def create_user(self, claims: dict[str, Any]) -> None:
        return None

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)
