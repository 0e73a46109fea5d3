"""A QA lead builds a tool and samples 10 cases, an auditor completes one, a moderator changes
its grade with a reason: in a real browser, axe clean at every step."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from tests.factories import signed_in_client
from thrive.audits.models import Audit, Moderation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _serious_violations(page: Any) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]


def _become(page: Any, live_server: Any, user: Any) -> None:
    """Sign `user` in (second factor passed) by giving the browser their session cookie."""
    client = signed_in_client(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _case_list() -> bytes:
    lines = ["child_id,team,worker,cp_plan_start_date"]
    lines += [
        f"E2E{i:03d},{'North' if i % 2 else 'South'},sw{i % 3},2024-0{1 + i % 9}-15"
        for i in range(30)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_tool_sample_audit_and_moderation(
    live_server: Any, page: Any, council_factory: Any, person: Any
) -> None:
    council = council_factory(la_number="990", name="Northbridge")
    lead = person("qa_lead", council, username="quinn")
    auditor = person("practitioner", council, username="avery")
    moderator = person("qa_lead", council, username="morgan")
    base = f"{live_server.url}/c/990/audits"

    # The QA lead builds a tool.
    _become(page, live_server, lead)
    page.goto(f"{base}/tools/new/")
    page.get_by_role("button", name="Create tool").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error:")
    assert _serious_violations(page) == []
    page.get_by_label("Name of the audit tool").fill("Practice standard 2026")
    page.get_by_role("button", name="Create tool").click()
    page.get_by_role("button", name="Add a section").click()
    page.get_by_label("Section title").fill("Safety and risk")
    page.get_by_role("button", name="Add section").click()
    page.get_by_role("link", name="Add a question to Safety and risk").click()
    page.get_by_label("Question", exact=True).fill("How well is risk to the child assessed?")
    page.get_by_label("Grade (Outstanding to Inadequate)").check()
    page.get_by_label("The auditor must answer this question").check()
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Save question").click()
    assert page.locator("dt", has_text="How well is risk to the child assessed?").count() == 1
    assert _serious_violations(page) == []

    # A programme, then a sample of 10 from an uploaded case list.
    page.goto(f"{base}/programmes/new/")
    page.get_by_label("Name", exact=True).fill("March 2026 monthly audit")
    page.get_by_label("Monthly audit").check()
    page.get_by_label("Scope").fill("Children on child protection plans")
    page.get_by_label("Start date").fill("01/03/2026")
    page.get_by_label("End date").fill("31/03/2026")
    page.get_by_label("Audit tool").select_option(label="Practice standard 2026")
    page.get_by_label("Share of audits to moderate (per cent)").fill("100")
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Create programme").click()
    page.get_by_role("button", name="Draw a sample").click()
    page.get_by_label("Upload a list of cases (CSV)").set_input_files(
        files=[{"name": "cases.csv", "mimeType": "text/csv", "buffer": _case_list()}]
    )
    page.get_by_label("Stratified by team").check()
    page.get_by_label("Number of cases").fill("10")
    page.get_by_label("Seed").fill("2026")
    page.get_by_label("avery").check()
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Draw sample").click()
    page.wait_for_selector("text=10 cases drawn (seed 2026)")
    assert _serious_violations(page) == []
    assert Audit.objects.filter(auditor=auditor).count() == 10

    # The auditor completes one audit.
    _become(page, live_server, auditor)
    page.goto(f"{base}/cases/")
    assert _serious_violations(page) == []
    page.locator("table").first.get_by_role("link").first.click()
    assert _serious_violations(page) == []
    page.get_by_role("link", name="Safety and risk").click()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_selector(".govuk-error-summary")
    assert _serious_violations(page) == []
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("Reasons for the grade").fill(
        "Risk is reviewed monthly and the plan is clear."
    )
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Save and continue").click()
    assert _serious_violations(page) == []
    page.get_by_role("button", name="Submit audit").click()
    page.wait_for_selector("text=sent for moderation")
    audit = Audit.objects.get(submitted_at__isnull=False)
    assert audit.overall_grade == "good"

    # A moderator changes the grade, with a reason.
    _become(page, live_server, moderator)
    page.goto(f"{base}/moderation/")
    assert _serious_violations(page) == []
    page.get_by_role("link", name=f"Moderate {audit.child_id}").click()
    page.get_by_label("No, change the grade").check()
    page.get_by_role("button", name="Record moderation").click()
    page.wait_for_selector(".govuk-error-summary")
    assert _serious_violations(page) == []
    page.get_by_label("No, change the grade").check()
    page.get_by_label("Requires improvement to be good").check()
    page.get_by_label("Reasons").fill("The safety plan was not shared with the family.")
    page.get_by_role("button", name="Record moderation").click()
    page.wait_for_selector("text=Moderation recorded")
    assert _serious_violations(page) == []
    moderation = Moderation.objects.get(audit=audit)
    assert (moderation.outcome, moderation.moderated_grade) == ("changed", "requires_improvement")
    assert moderation.moderator == moderator and "not shared" in moderation.reasons
    page.goto(f"{base}/")
    assert _serious_violations(page) == []
