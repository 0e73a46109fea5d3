"""Require a verified second factor before anything else, for everyone who needs one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from thrive.councils.permissions import requires_mfa

# Pages reachable while signed in with a password but before the second factor.
_OPEN_PREFIXES = ("/assets/", "/healthz", "/accessibility", "/favicon", "/accounts/enrol/")


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _is_verified(user) and requires_mfa(user):
            allowed = {
                reverse("accounts:mfa-verify"),
                reverse("accounts:mfa-setup"),
                reverse("accounts:logout"),
            }
            if request.path not in allowed and not request.path.startswith(_OPEN_PREFIXES):
                return redirect(f"{reverse('accounts:mfa-verify')}?next={request.path}")
        return self.get_response(request)


def _is_verified(user: object) -> bool:
    """django-otp's OTPMiddleware adds is_verified() to the request's user."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())
