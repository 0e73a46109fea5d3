"""The load test's driver: TOTP codes, cookies, percentiles, and a real sign-in and browse."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD
from thrive.web.loadbench import common_pages
from thrive.web.loaddriver import (
    Browser,
    Recorder,
    Sample,
    SignInError,
    browse,
    percentile,
    sign_in,
    summarise,
    totp_code,
)


def test_totp_code_matches_django_otp() -> None:
    key = "3132333435363738393031323334353637383930"  # RFC 6238's SHA-1 test key
    for moment in (59, 1111111109, 1234567890, 2000000000):
        reference = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6)
        reference.time = moment
        assert totp_code(key, at=moment) == f"{reference.token():06d}"
    assert totp_code(key, at=59) == "287082"  # RFC 6238 appendix B, truncated to 6 digits


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([0.2], 0.99) == 0.2
    assert percentile([], 0.5) == 0.0


def test_summarise_counts_requests_and_errors_per_page_and_overall() -> None:
    samples = [
        Sample("plan", 0.1, True, 1.0),
        Sample("plan", 0.3, False, 2.0),
        Sample("voice", 0.2, True, 3.0),
    ]
    plan, voice, overall = summarise(samples, ["plan", "voice"])
    assert (plan.requests, plan.errors, plan.p50, plan.slowest) == (2, 1, 0.1, 0.3)
    assert (voice.requests, voice.errors) == (1, 0)
    assert (overall.page, overall.requests, overall.errors, overall.p99) == ("all pages", 3, 1, 0.3)


def test_cookies_are_kept_and_deleted() -> None:
    browser = Browser(port=1)
    browser._cookie_store("sessionid=abc; HttpOnly; Path=/; Secure; SameSite=Lax")
    browser._cookie_store("csrftoken=xyz; Path=/")
    assert browser.cookies == {"sessionid": "abc", "csrftoken": "xyz"}
    browser._cookie_store('sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/')
    assert browser.cookies == {"csrftoken": "xyz"}


@pytest.mark.django_db(transaction=True)
def test_signs_in_with_password_and_code_then_browses(live_server: Any, person: Any) -> None:
    from tests.factories import CouncilFactory

    council: Any = CouncilFactory()
    user = person("analyst", council)
    device = TOTPDevice.objects.get(user=user)
    port = int(live_server.url.rsplit(":", 1)[1])
    pages = common_pages(council.la_number, "assessments_45wd_pct")

    stranger = Browser(port, https=False)
    with pytest.raises(SignInError, match="password step"):
        sign_in(stranger, username=user.username, password="wrong", totp_key=device.key, home="/")

    browser = Browser(port, https=False)
    sign_in(
        browser,
        username=user.username,
        password=TEST_PASSWORD,
        totp_key=device.key,
        home=pages[0][1],
    )
    recorder = Recorder()
    started = time.monotonic()
    browse(
        browser,
        pages[:3],
        started=started,
        deadline=started + 0.5,
        recorder=recorder,
        seed=1,
        think=(0.0, 0.01),
    )
    assert recorder.samples, "nothing was requested"
    assert {sample.page for sample in recorder.samples} == {"council home", "measures", "a measure"}
    assert all(sample.ok for sample in recorder.samples), recorder.notes


@pytest.mark.django_db(transaction=True)
def test_a_page_that_is_not_200_is_an_error(live_server: Any, person: Any) -> None:
    from tests.factories import CouncilFactory

    council: Any = CouncilFactory()
    port = int(live_server.url.rsplit(":", 1)[1])
    recorder = Recorder()
    started = time.monotonic()
    # Not signed in: the council home redirects to the sign-in page.
    browse(
        Browser(port, https=False),
        [("council home", f"/c/{council.la_number}/")],
        started=started,
        deadline=started + 0.3,
        recorder=recorder,
        seed=1,
        think=(0.0, 0.01),
    )
    assert recorder.samples and not any(sample.ok for sample in recorder.samples)
    assert "HTTP 302" in recorder.notes[0]
