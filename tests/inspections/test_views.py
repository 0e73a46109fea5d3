"""Inspection pages: record a visit, add a verbatim recommendation, record a clock as met."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from tests.factories import signed_in_client
from thrive.inspections.models import Inspection, Recommendation


def test_record_focused_visit_recommendation_and_clock(
    council_factory: Any, person: Any, client: Any
) -> None:
    council = council_factory()
    signed_in_client(client, person("director", council))
    code = council.la_number
    response = client.post(
        reverse("inspections:inspection-add", args=[code]),
        {
            "kind": "focused_visit",
            "framework": "visit",
            "theme": "Children in need and on child protection plans",
            "start_date": "10/11/2025",
            "end_date": "11/11/2025",
            "received_date": "12/12/2025",
            "publication_date": "19/12/2025",
            "has_priority_actions": "on",
        },
    )
    assert response.status_code == 302
    visit = Inspection.objects.get(council=council)
    assert visit.received_date == date(2025, 12, 12)
    clock = visit.clocks.get(kind="priority_action_plan")
    assert clock.due_date == date(2026, 1, 14)  # 20 working days over Christmas
    final = visit.clocks.get(kind="priority_final_plan")
    assert final.due_date == date(2026, 3, 25)
    page = client.get(reverse("inspections:inspection-detail", args=[code, visit.pk]))
    shown = page.content.decode()
    assert "Draft plan for the areas for priority action (20 working days)" in shown
    assert "Final action plan for the areas for priority action (70 working days)" in shown
    assert "14 January 2026" in shown and "25 March 2026" in shown
    assert "12 December 2025 (date received)" in shown
    assert "Date received not recorded" not in shown
    words = "Leaders should ensure that  plans are reviewed within timescales.\n\nAnd tracked."
    added = client.post(
        reverse("inspections:recommendation-add", args=[code, visit.pk]),
        {"kind": "priority_action", "paragraph": "7", "text": words},
    )
    assert added.status_code == 302
    assert Recommendation.objects.get(inspection=visit).text == words
    done = client.post(
        reverse("inspections:clock-complete", args=[code, clock.pk]),
        {"completed_on": "20/01/2026", "version": clock.version},
    )
    assert done.status_code == 302
    body = client.get(reverse("inspections:inspection-detail", args=[code, visit.pk])).content
    text = body.decode()
    assert "Met" in text and "paragraph 7" in text and "Create an action" in text


def test_bad_dates_show_the_error_summary(council_factory: Any, person: Any, client: Any) -> None:
    council = council_factory()
    signed_in_client(client, person("manager", council))
    response = client.post(
        reverse("inspections:inspection-add", args=[council.la_number]),
        {
            "kind": "standard",
            "framework": "ilacs_2023",
            "start_date": "13/02/2026",
            "end_date": "02/02/2026",
            "grade_overall": "inadequate",
        },
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body and "<title>Error:" in body
    assert "The last day must be the same as or after the first day" in body
    assert not Inspection.objects.filter(council=council).exists()


def test_councillor_reads_inspections_but_not_the_golden_thread(
    council_factory: Any, person: Any, client: Any
) -> None:
    from thrive.inspections.services import inspection_create, recommendation_add

    council = council_factory()
    inspection = inspection_create(
        council=council,
        kind="standard",
        framework="ilacs_2023",
        start_date=date(2026, 2, 2),
        end_date=date(2026, 2, 13),
    )
    rec = recommendation_add(inspection=inspection, text="Supervision.")
    signed_in_client(client, person("councillor", council))
    detail = client.get(
        reverse("inspections:inspection-detail", args=[council.la_number, inspection.pk])
    )
    assert detail.status_code == 200 and "Golden thread" not in detail.content.decode()
    thread = client.get(reverse("inspections:golden-thread", args=[council.la_number, rec.pk]))
    assert thread.status_code == 403


def test_date_received_is_checked_and_recorded_later(
    council_factory: Any, person: Any, client: Any
) -> None:
    from thrive.inspections.services import inspection_create

    council = council_factory()
    signed_in_client(client, person("manager", council))
    code = council.la_number
    inspection = inspection_create(
        council=council,
        kind="standard",
        framework="ilacs_2023",
        start_date=date(2026, 2, 2),
        end_date=date(2026, 2, 13),
        publication_date=date(2026, 3, 20),
        judgements={"overall": "good"},
    )
    detail = reverse("inspections:inspection-detail", args=[code, inspection.pk])
    before = client.get(detail).content.decode()
    assert "Date received not recorded" in before
    assert "20 March 2026 (publication date: date received not recorded)" in before
    listing = client.get(reverse("inspections:inspection-list", args=[code])).content.decode()
    assert "Date received not recorded: counted from the publication date" in listing

    url = reverse("inspections:inspection-dates", args=[code, inspection.pk])
    for received, message in [
        ("10/02/2026", "The date received must be the same as or after the last day on site"),
        ("23/03/2026", "The date received must be the same as or before the publication date"),
        ("31/02/2026", "must be a real date"),
    ]:
        refused = client.post(url, {"received_date": received, "publication_date": "20/03/2026"})
        body = refused.content.decode()
        assert refused.status_code == 200 and "govuk-error-summary" in body, received
        assert message in body, received
    inspection.refresh_from_db()
    assert inspection.received_date is None

    saved = client.post(url, {"received_date": "13/03/2026", "publication_date": "20/03/2026"})
    assert saved.status_code == 302
    clock = inspection.clocks.get()
    assert (clock.starts_on, clock.due_date) == (date(2026, 3, 13), date(2026, 6, 25))
    after = client.get(detail).content.decode()
    assert "Date received not recorded" not in after
    assert "13 March 2026 (date received) + 70 working days" in after
