"""Sign in, sign out and the TOTP second factor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from thrive.accounts.forms import CODE_WRONG, SignInForm, TotpCodeForm
from thrive.accounts.mfa import (
    totp_confirmed_device,
    totp_enrolment_device,
    totp_qr_svg,
    totp_secret_text,
    totp_verify,
)


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["lockout_failures"] = settings.AXES_FAILURE_LIMIT
        context["oidc_enabled"] = settings.OIDC_ENABLED
        return context


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@never_cache
@sensitive_post_parameters("code")
@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    device = totp_confirmed_device(request.user)
    if device is None:
        return redirect(f"{_url('accounts:mfa-setup')}?next={_safe_next(request)}")
    form = TotpCodeForm(request.POST) if request.method == "POST" else TotpCodeForm()
    if request.method == "POST" and form.is_valid():
        if totp_verify(request, device, form.cleaned_data["code"]):
            return redirect(_safe_next(request))
        form.add_error("code", CODE_WRONG)
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _safe_next(request)})


@never_cache
@sensitive_post_parameters("code")
@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    if totp_confirmed_device(request.user) is not None:
        return redirect(f"{_url('accounts:mfa-verify')}?next={_safe_next(request)}")
    device = totp_enrolment_device(request.user)
    form = TotpCodeForm(request.POST) if request.method == "POST" else TotpCodeForm()
    if request.method == "POST" and form.is_valid():
        if totp_verify(request, device, form.cleaned_data["code"]):
            return redirect(_safe_next(request))
        form.add_error("code", CODE_WRONG)
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr_svg": totp_qr_svg(device),
            "secret": totp_secret_text(device),
            "next": _safe_next(request),
        },
    )


def _url(name: str) -> str:
    return reverse(name)
