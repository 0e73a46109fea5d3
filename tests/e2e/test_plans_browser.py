"""In a real browser: an action from a recommendation, an update, delivery and impact RAG change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD
from thrive.inspections.services import inspection_create, recommendation_add
from thrive.measures.models import MeasureValue
from thrive.plans.services import owner_get_or_create, plan_create, priority_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _serious_violations(page: Any) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    device = TOTPDevice.objects.get(user=user)
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/**")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/c/**")


def test_action_from_recommendation_update_changes_rags(
    live_server: Any, page: Any, council_factory: Any, person: Any
) -> None:
    council = council_factory(la_number="990", name="Northbridge")
    user = person("manager", council, username="morgan")
    today = timezone.localdate()
    plan = plan_create(council=council, title="Northbridge improvement plan")
    priority_create(plan=plan, title="Children at risk are protected quickly")
    owner_get_or_create(council=council, name="Morgan Manager", organisation="Council", user=user)
    inspection = inspection_create(
        council=council,
        kind="standard",
        framework="ilacs_2023",
        start_date=today - timedelta(days=120),
        end_date=today - timedelta(days=110),
        publication_date=today - timedelta(days=70),
        judgements={"overall": "inadequate"},
    )
    rec = recommendation_add(
        inspection=inspection,
        paragraph="14",
        text="The timeliness of strategy discussions when children are at risk of harm.",
    )
    month = f"{today:%Y-%m}"
    last_month = f"{(today.replace(day=1) - timedelta(days=1)):%Y-%m}"
    MeasureValue.objects.create(
        council=council,
        period=last_month,
        period_type="month",
        measure_id="icpc_15wd_pct",
        value=41.0,
        rag="red",
        spc_signal="common",
    )

    _sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/c/990/inspections/{inspection.pk}/")
    assert _serious_violations(page) == []
    page.get_by_role("link", name="Create an action from recommendation 1").click()
    page.wait_for_url("**/plan/actions/add/**")
    assert "The timeliness of strategy discussions" in page.content()
    page.get_by_label("Action", exact=True).fill(
        "Strategy discussions within one working day, with police and health"
    )
    page.get_by_label("Owner").select_option(label="Morgan Manager (Council)")
    page.get_by_label("Start date").fill(f"{today - timedelta(days=20):%d/%m/%Y}")
    page.get_by_label("Due date").fill(f"{today + timedelta(days=60):%d/%m/%Y}")
    page.get_by_label("Linked measures").fill("icpc_15wd_pct")
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/plan/actions/*/")
    delivery = page.locator("h2", has_text="Delivery")
    impact = page.locator("h2", has_text="Impact")
    assert "Amber" in delivery.inner_text()
    assert "Not started" in page.locator("#delivery-reason").inner_text()
    assert "Red" in impact.inner_text()
    assert _serious_violations(page) == []

    # The measures engine stores this month's result: on target and a real improvement.
    MeasureValue.objects.create(
        council=council,
        period=month,
        period_type="month",
        measure_id="icpc_15wd_pct",
        value=88.0,
        rag="green",
        spc_signal="improving",
    )
    page.get_by_role("link", name="Add a progress update").click()
    page.get_by_label("What has happened").fill("Protocol signed; daily huddle with police.")
    page.get_by_label("Status after this update").select_option(label="In progress")
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/plan/actions/*/")
    assert "Green" in page.locator("h2", has_text="Delivery").inner_text()
    assert "On track" in page.locator("#delivery-reason").inner_text()
    assert "Green" in page.locator("h2", has_text="Impact").inner_text()
    assert "Protocol signed; daily huddle with police." in page.content()
    assert _serious_violations(page) == []

    page.goto(f"{live_server.url}/c/990/inspections/recommendations/{rec.pk}/")
    assert "Strategy discussions within one working day" in page.content()
    assert _serious_violations(page) == []
