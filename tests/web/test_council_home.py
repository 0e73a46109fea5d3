"""The council home page: the improvement at a glance, cut to the person's role."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import signed_in_client
from tests.plans.factories import make_action, make_plan
from thrive.alerts.models import Alert
from thrive.governance.services import board_create, meeting_create
from thrive.inspections.services import inspection_create
from thrive.measures.models import MeasureValue
from thrive.measures.services import target_set
from thrive.plans.services import owner_get_or_create
from thrive.web.selectors import HEADLINE_MEASURES, council_home, headline_measures

pytestmark = pytest.mark.django_db


def _months(
    council: Any, measure_id: str, values: list[float], rag: str = "", spc: str = ""
) -> None:
    MeasureValue.objects.bulk_create(
        MeasureValue(
            council=council,
            period=f"2026-{i + 1:02d}",
            period_type="month",
            measure_id=measure_id,
            value=value,
            rag=rag if i == len(values) - 1 else "",
            spc_signal=spc if i == len(values) - 1 else "",
        )
        for i, value in enumerate(values)
    )


@pytest.fixture
def council(council_factory: Any) -> Any:
    council = council_factory(la_number="9701", name="Glanceshire")
    _months(council, "caseload_avg", [16, 17, 18, 19, 21.5], rag="red", spc="concern")
    _months(council, "vacancy_pct", [30, 25, 20], rag="green", spc="improving")
    for period, value in (("2025-03", 398), ("2026-03", 412)):
        MeasureValue.objects.create(
            council=council, period=period, period_type="year", measure_id="cla_count", value=value
        )
    # A breakdown row never reaches the home page.
    MeasureValue.objects.create(
        council=council,
        period="2026-05",
        period_type="month",
        measure_id="caseload_avg",
        breakdown="team",
        breakdown_value="North",
        value=99,
    )
    target_set(council=council, measure_id="caseload_avg", target=18, tolerance=2, set_by="t")
    return council


def test_headlines_in_two_queries(council: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2):
        rows = headline_measures(council=council)
    assert [r.measure.id for r in rows] == list(HEADLINE_MEASURES)
    by_id = {r.measure.id: r for r in rows}
    caseload = by_id["caseload_avg"]
    assert caseload.latest is not None
    assert (caseload.latest.period, caseload.latest.value, caseload.latest.rag) == (
        "2026-05",
        21.5,
        "red",
    )
    assert caseload.trend == [16, 17, 18, 19, 21.5]
    assert caseload.trend_text == "Last 5 months: up from 16.0 to 21.5"
    assert caseload.target is not None and caseload.target.target == 18
    assert "<svg" in caseload.spark
    # Year-end-only value when there are no months; nothing at all for cp_rate.
    cla = by_id["cla_count"]
    assert cla.latest is not None and (cla.latest.period_type, cla.latest.value) == ("year", 412)
    assert cla.trend_text == "Last 2 year ends: up from 398.0 to 412.0"
    assert by_id["cp_rate"].latest is None
    assert by_id["cp_rate"].trend_text == "Not enough year ends for a trend"


def test_home_shows_measures_plan_inspection_meeting_alerts_and_text_not_colour(
    council: Any, person: Any, client: Any
) -> None:
    today = timezone.localdate()
    director = person("director", council)
    _plan, priority, _owner = make_plan(council)
    mine = owner_get_or_create(council=council, name="D", organisation="Council", user=director)
    make_action(
        council,
        priority,
        mine,
        title="Overdue thing",
        start_date=today - timedelta(days=60),
        due_date=today - timedelta(days=3),
    )
    inspection_create(
        council=council,
        kind="standard",
        framework="ilacs_2023",
        start_date=today - timedelta(days=30),
        end_date=today - timedelta(days=25),
        received_date=today - timedelta(days=5),
    )
    board = board_create(council=council, name="Improvement Board", kind="improvement_board")
    meeting_create(board=board, date=today - timedelta(days=20), status="held")
    meeting_create(board=board, date=today + timedelta(days=9), location="Town Hall")
    Alert.objects.create(council=council, measure_id="caseload_avg", period="2026-05")
    page = signed_in_client(client, director).get(reverse("web:council-home", args=["9701"]))
    body = page.content.decode()
    assert page.status_code == 200
    measure_url = reverse("measures:measure", args=["9701", "caseload_avg"])
    assert f'href="{measure_url}"' in body
    # RAG and SPC in words, beside the figure and its target.
    assert ">Red</strong>" in body and ">Concern</strong>" in body and ">Green</strong>" in body
    assert "21.5" in body and "Last 5 months: up from 16.0 to 21.5" in body
    assert "412" in body and "(year end)" in body
    assert "0 of 1 action complete, 1 overdue" in body
    assert "Action plan to Ofsted (70 working days)" in body
    assert f"Improvement Board, {(today + timedelta(days=9)):%-d %B %Y}" in body
    assert "No board pack yet." in body
    assert "1 open early-warning alert" in body
    assert "Overdue thing" in body  # the owner's due panel
    assert "No audits submitted yet." in body


def test_councillor_sees_aggregates_and_regional_analyst_no_plan(
    council: Any, person: Any, client: Any
) -> None:
    _plan, priority, owner = make_plan(council)
    make_action(council, priority, owner, title="Secret action title")
    councillor = person("councillor", council)
    body = (
        signed_in_client(client, councillor)
        .get(reverse("web:council-home", args=["9701"]))
        .content.decode()
    )
    assert "Average caseload" in body and "Improvement plan" in body
    assert "0 of 1 action complete" in body
    assert "Secret action title" not in body  # counts only, never action-level detail
    home = council_home(council=council, user=person("regional_analyst", council))
    assert not home.can_view_plan and home.plan is None and home.open_alerts == 0
    client.logout()
    regional = person("regional_analyst", council)
    body = (
        signed_in_client(client, regional)
        .get(reverse("web:council-home", args=["9701"]))
        .content.decode()
    )
    assert "Average caseload" in body and "Next board meeting" not in body


def test_empty_council_has_clear_empty_states(
    council_factory: Any, person: Any, client: Any
) -> None:
    empty = council_factory(la_number="9702")
    body = (
        signed_in_client(client, person("manager", empty))
        .get(reverse("web:council-home", args=["9702"]))
        .content.decode()
    )
    for text in (
        "No data",
        "None set",
        "No improvement plan yet.",
        "No inspections or visits recorded yet.",
        "No statutory clocks are running.",
        "No board meeting is planned.",
        "No audits submitted yet.",
    ):
        assert text in body, text


def test_demo_targets_give_red_amber_and_green(council_factory: Any) -> None:
    from thrive.demo.targets import DEMO_TARGETS, targets_demo_setup

    council = council_factory(la_number="9703")
    # Northbridge's generated figures (seed 990, small): workforce at the 2025 census, placement
    # moves at March 2026.
    for measure_id, period_type, period, value in (
        ("caseload_avg", "year", "2025-09", 15.57),
        ("vacancy_pct", "year", "2025-09", 15.58),
        ("placements_3plus_pct", "month", "2026-03", 13.17),
    ):
        MeasureValue.objects.create(
            council=council,
            measure_id=measure_id,
            period_type=period_type,
            period=period,
            value=value,
        )
    assert targets_demo_setup(council) == len(DEMO_TARGETS)
    rags = {r.measure.id: r.latest.rag for r in headline_measures(council=council) if r.latest}
    assert rags == {"caseload_avg": "green", "vacancy_pct": "amber", "placements_3plus_pct": "red"}
    assert targets_demo_setup(council) == 0  # a rerun (or an analyst's own target) is kept
