"""Sign in, sign out, the TOTP second factor and enrolment through a one-time link."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from thrive.accounts.enrolment import (
    EnrolmentError,
    enrolment_complete,
    enrolment_device,
    enrolment_link_find,
)
from thrive.accounts.forms import CODE_WRONG, EnrolForm, SignInForm, TotpCodeForm
from thrive.accounts.mfa import (
    totp_code_ok,
    totp_confirmed_device,
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
@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """No device yet: a password alone cannot enrol one, so say how to get a set-up link."""
    if totp_confirmed_device(request.user) is not None:
        return redirect(f"{_url('accounts:mfa-verify')}?next={_safe_next(request)}")
    return render(request, "accounts/mfa_setup.html", status=403)


@never_cache
@sensitive_post_parameters("new_password1", "new_password2", "code")
def enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link: set a password and enrol an authenticator app, then sign in."""
    link = enrolment_link_find(token)
    if link is None:
        return render(request, "accounts/enrol_invalid.html", status=404)
    if request.user.is_authenticated and request.user.pk != link.user_id:
        return render(request, "accounts/enrol_signed_in.html", status=403)
    device = enrolment_device(link)
    form = EnrolForm(link.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if totp_code_ok(device, form.cleaned_data["code"]):
            try:
                user = enrolment_complete(
                    link=link, device=device, password=form.cleaned_data["new_password1"]
                )
            except EnrolmentError:
                return render(request, "accounts/enrol_invalid.html", status=404)
            device.refresh_from_db()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            messages.success(request, "Your account is set up. You are signed in.")
            return redirect("/")
        form.add_error("code", CODE_WRONG)
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "person": link.user,
            "qr_svg": totp_qr_svg(device),
            "secret": totp_secret_text(device),
        },
    )


def _url(name: str) -> str:
    return reverse(name)
