"""In a real browser: start a board pack, add commentary, issue it; the page passes axe."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_plans_browser import _serious_violations, _sign_in
from thrive.measures.models import MeasureValue
from thrive.packs.models import Pack

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_board_pack_draft_commentary_and_issue(
    live_server: Any, page: Any, council_factory: Any, person: Any
) -> None:
    council = council_factory(la_number="990", name="Northbridge")
    user = person("analyst", council, username="ash")
    for period, value in (("2026-08", 31.0), ("2026-09", 27.5), ("2026-10", 24.0)):
        MeasureValue.objects.create(
            council=council,
            period=period,
            period_type="month",
            measure_id="vacancy_pct",
            value=value,
            rag="amber",
            spc_signal="common",
        )
    _sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/c/990/packs/")
    page.get_by_role("button", name="Start a pack").click()
    page.get_by_label("Improvement Board pack").check()
    page.get_by_label("Figures as known on").fill("31/10/2026")
    page.get_by_role("button", name="Start the draft").click()
    page.wait_for_url("**/packs/*/")
    assert page.get_by_role("heading", name="Improvement Board pack: October 2026").is_visible()
    assert _serious_violations(page) == []
    page.get_by_label("Your commentary on headline measures").fill(
        "Vacancy has fallen for three months running."
    )
    page.get_by_role("button", name="Save commentary on headline measures").click()
    page.wait_for_url("**#section-headlines")
    assert page.get_by_text("Vacancy has fallen for three months running.").first.is_visible()
    page.get_by_role("button", name="Issue this pack").click()
    page.wait_for_url("**/packs/*/")
    assert page.get_by_text("Issued. The figures and the PDF are now fixed").is_visible()
    pack = Pack.objects.get()
    assert pack.is_issued and pack.pdf_sha256
    assert _serious_violations(page) == []


def test_evidence_pack_self_evaluation_and_children_pass_axe(
    live_server: Any, page: Any, council_factory: Any, person: Any
) -> None:
    from tests.packs.builders import CHILDREN, rich_council

    council = council_factory(la_number="991", name="Eastmere")
    rich_council(council, person("qa_lead", council))
    user = person("director", council, username="dee")
    _sign_in(page, live_server, user)
    for kind, label, heading in (
        (
            "evidence",
            "Monitoring-visit evidence pack",
            "Monitoring-visit evidence pack on Children in care: October 2026",
        ),
        ("self-evaluation", "Self-evaluation draft", "Self-evaluation draft: October 2026"),
    ):
        page.goto(f"{live_server.url}/c/991/packs/new/")
        page.get_by_label(label).check()
        if kind == "evidence":
            page.get_by_label("Theme (evidence pack only)").select_option(
                label="Priority 1: Children in care"
            )
        page.get_by_label("Figures as known on").fill("31/10/2026")
        page.get_by_role("button", name="Start the draft").click()
        page.wait_for_url("**/packs/*/")
        assert page.get_by_role("heading", name=heading).is_visible()
        assert _serious_violations(page) == []
        page.get_by_role("link", name="Children behind the audit figures").click()
        page.wait_for_url("**/children/")
        assert page.get_by_text(CHILDREN[0]).is_visible()
        assert _serious_violations(page) == []
    page.goto(f"{live_server.url}/c/991/packs/new/")
    page.get_by_label("Monitoring-visit evidence pack").check()
    page.get_by_label("Figures as known on").fill("31/10/2026")
    page.get_by_role("button", name="Start the draft").click()
    error = "Choose the plan priority the evidence pack is about"
    assert page.get_by_text(error).first.is_visible()
    assert _serious_violations(page) == []
