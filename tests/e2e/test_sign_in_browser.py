"""A person signs in with password and authenticator code in a real browser; axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _serious_violations(page: Any) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]


def test_sign_in_with_totp_reaches_council_home(
    live_server: Any, page: Any, council_factory: Any, person: Any
) -> None:
    council = council_factory(la_number="990", name="Northbridge")
    user = person("director", council, username="dana")
    device = TOTPDevice.objects.get(user=user)

    page.goto(f"{live_server.url}/")
    assert page.title() == "Sign in – Thrive"
    assert _serious_violations(page) == []

    # A blank submission shows the GOV.UK error summary, which is accessible too.
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error:")
    assert _serious_violations(page) == []

    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/**")
    assert _serious_violations(page) == []

    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/c/{council.la_number}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Northbridge"
    assert page.locator(".govuk-service-navigation__service-name").inner_text() == "Northbridge"
    # The stylesheet loaded (GOV.UK layout), and the skip link is first in the tab order.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.govuk-header')).backgroundColor"
    ) not in {"", "rgba(0, 0, 0, 0)"}
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert _serious_violations(page) == []


def test_councillor_cannot_open_access_log(
    live_server: Any, page: Any, council_factory: Any, person: Any
) -> None:
    council = council_factory(la_number="990", name="Northbridge")
    person("councillor", council, username="cam")
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Username").fill("cam")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/c/{council.la_number}/")
    assert page.get_by_role("link", name="Access log").count() == 0
    response = page.goto(f"{live_server.url}/c/{council.la_number}/access-log/")
    assert response is not None and response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot see this page"
    assert _serious_violations(page) == []
