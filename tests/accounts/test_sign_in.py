"""Sign-in security: lockout, MFA for child-level roles, password rules, session settings."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

LOGIN = "/accounts/sign-in/"


def _post_login(client: Any, username: str, password: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def _current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_five_wrong_passwords_lock_the_account(
    council_factory: Any, person: Any, client: Any
) -> None:
    user = person("councillor", council_factory())
    for attempt in range(4):
        response = _post_login(client, user.username, "wrong-password-123")
        assert response.status_code == 200, attempt
        assert "Enter a correct username and password" in response.content.decode()
    locked = _post_login(client, user.username, "wrong-password-123")
    assert locked.status_code == 429
    assert "This account is locked" in locked.content.decode()
    # Even the right password is refused while locked.
    after = _post_login(client, user.username, TEST_PASSWORD)
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session


def test_right_password_resets_failure_count(
    council_factory: Any, person: Any, client: Any
) -> None:
    user = person("councillor", council_factory())
    for _ in range(3):
        _post_login(client, user.username, "wrong-password-123")
    assert _post_login(client, user.username, TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(3):
        assert _post_login(client, user.username, "wrong-password-123").status_code == 200


def test_blank_sign_in_shows_error_summary(client: Any, db: Any) -> None:
    response = client.post(LOGIN, {"username": "", "password": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert 'href="#id_username">Enter your username' in body
    assert "govuk-input--error" in body
    assert "<title>Error: Sign in" in body


def test_child_level_role_must_pass_second_factor(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    user = person("analyst", council)
    response = _post_login(client, user.username, TEST_PASSWORD)
    assert response.status_code == 302
    page = client.get(reverse("web:council-home", args=[council.la_number]))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:mfa-verify"))
    device = TOTPDevice.objects.get(user=user)
    wrong = client.post(reverse("accounts:mfa-verify"), {"code": "000000"})
    assert "The code is not correct" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows retries after a wrong code
    verified = client.post(
        reverse("accounts:mfa-verify"), {"code": _current_code(device), "next": "/"}
    )
    assert verified.status_code == 302
    assert client.get(reverse("web:council-home", args=[council.la_number])).status_code == 200


def test_aggregate_only_role_needs_no_second_factor(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    user = person("councillor", council)
    _post_login(client, user.username, TEST_PASSWORD)
    assert client.get(reverse("web:council-home", args=[council.la_number])).status_code == 200


def test_password_alone_cannot_enrol_an_authenticator(
    council_factory: Any, person: Any, client: Any
) -> None:
    # Issue 15: an account with no confirmed device used to be sent to set-up after password
    # sign-in, where anyone holding the password could bind their own authenticator.
    council = council_factory()
    user = person("analyst", council)
    TOTPDevice.objects.filter(user=user).delete()
    _post_login(client, user.username, TEST_PASSWORD)
    verify = client.get(reverse("accounts:mfa-verify"))
    assert verify.status_code == 302 and verify["Location"].startswith(
        reverse("accounts:mfa-setup")
    )
    setup = client.get(reverse("accounts:mfa-setup"))
    body = setup.content.decode()
    assert setup.status_code == 403
    assert "Ask your administrator for a set-up link" in body
    assert "<svg" not in body and "totp-secret" not in body
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.post(reverse("accounts:mfa-setup"), {"code": "123456"})
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    page = client.get(reverse("web:council-home", args=[council.la_number]))
    assert page.status_code == 302


def test_an_unconfirmed_device_is_never_accepted(
    council_factory: Any, person: Any, client: Any
) -> None:
    # A half-finished device (e.g. left over from the old set-up page) cannot be confirmed by
    # signing in with a password and typing its code.
    council = council_factory()
    user = person("analyst", council)
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="Left over", confirmed=False)
    _post_login(client, user.username, TEST_PASSWORD)
    for name in ("accounts:mfa-verify", "accounts:mfa-setup"):
        client.post(reverse(name), {"code": _current_code(device), "next": "/"})
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("web:council-home", args=[council.la_number])).status_code == 302


def test_open_redirect_is_refused(council_factory: Any, person: Any, client: Any) -> None:
    user = person("analyst", council_factory())
    _post_login(client, user.username, TEST_PASSWORD)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        reverse("accounts:mfa-verify"),
        {"code": _current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short1!", "too short"),
        ("password1234", "too common"),
        ("839274659102", "entirely numeric"),
    ],
)
def test_weak_passwords_are_rejected(password: str, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password(password)
    assert problem in " ".join(caught.value.messages)


def test_session_and_cookie_settings() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.AXES_FAILURE_LIMIT == 5


def test_sign_out_needs_post(council_factory: Any, person: Any, sign_in: Any) -> None:
    client = sign_in(person("councillor", council_factory()))
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session
