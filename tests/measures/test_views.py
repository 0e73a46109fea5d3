from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from thrive.councils.models import AccessLogEntry
from thrive.measures.models import MeasureTarget, MeasureValue, Population
from thrive.returns.selectors import council_pseudonymiser

pytestmark = pytest.mark.django_db


def test_dashboard_with_no_data_says_so(council_factory: Any, person: Any, sign_in: Any) -> None:
    council = council_factory()
    client = sign_in(person("councillor", council))
    page = client.get(reverse("measures:dashboard", args=[council.la_number])).content.decode()
    assert "No data yet" in page
    assert re.search(r"[^0-9.]0\.0%", page) is None  # never a misleading 0 %
    assert "Assessments completed within 45 working days" in page


def test_dashboard_shows_latest_target_rag_and_england(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    for month, value in enumerate([80.0 + i for i in range(12)], start=1):
        MeasureValue.objects.create(
            council=council,
            period=f"2025-{month:02d}",
            period_type="month",
            measure_id="assessments_45wd_pct",
            value=value,
            numerator=value,
            denominator=100,
            rag="amber" if month == 12 else "",
            spc_signal="improving" if month == 12 else "",
        )
    MeasureTarget.objects.create(
        council=council, measure_id="assessments_45wd_pct", target=95, tolerance=5
    )
    client = sign_in(person("director", council))
    page = client.get(reverse("measures:dashboard", args=[council.la_number])).content.decode()
    assert "91.0%" in page  # latest month
    assert "95.0%" in page  # target
    assert "Amber" in page and "Improving" in page
    assert "85.7%" in page  # England 2025
    assert (
        "<svg" in page
        and 'aria-label="Trend of Assessments completed within 45 working days' in page
    )


def test_zero_denominator_shows_no_data_not_zero(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    MeasureValue.objects.create(
        council=council,
        period="2026-03",
        period_type="year",
        measure_id="icpc_15wd_pct",
        numerator=0,
        denominator=0,
        value=None,
    )
    client = sign_in(person("analyst", council))
    page = client.get(
        reverse("measures:measure", args=[council.la_number, "icpc_15wd_pct"])
    ).content.decode()
    assert "No data" in page
    assert re.search(r"[^0-9.]0\.0%", page) is None


def test_measure_page_has_chart_with_data_table(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    for month in range(1, 13):
        MeasureValue.objects.create(
            council=council,
            period=f"2025-{month:02d}",
            period_type="month",
            measure_id="cla_count",
            value=100 + month % 3,
            numerator=100 + month % 3,
            denominator=0,
        )
    client = sign_in(person("board_member", council))
    page = client.get(
        reverse("measures:measure", args=[council.la_number, "cla_count"])
    ).content.decode()
    assert "<svg" in page and "<title" in page
    assert "Monthly values" in page and "2025-12" in page
    assert "children behind" not in page  # board members get aggregates only


def test_drill_down_lists_children_and_writes_the_access_log(
    council_with_returns: Any, person: Any, sign_in: Any
) -> None:
    council = council_with_returns
    user = person("practitioner", council)
    client = sign_in(user)
    url = reverse("measures:children", args=[council.la_number, "assessments_45wd_pct"])
    page = client.get(url + "?period=2026-03&type=year").content.decode()
    assert "4 in the denominator; 3 counted in the numerator" in page
    assert "9301:" not in page  # ids shown without the council prefix
    entry = AccessLogEntry.objects.get()
    assert entry.username == user.username
    # The fixture's ids are not in pseudonym form, so the log keeps them pseudonymised.
    pseudonym = council_pseudonymiser(council=council)
    assert pseudonym is not None
    assert entry.child_ids == sorted(pseudonym(child) for child in "ABCE")
    assert entry.what == "Children behind a measure"


def test_councillors_never_reach_the_drill_down(
    council_with_returns: Any, person: Any, sign_in: Any
) -> None:
    council = council_with_returns
    client = sign_in(person("councillor", council))
    url = reverse("measures:children", args=[council.la_number, "assessments_45wd_pct"])
    assert client.get(url).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_target_form_shows_errors_and_does_not_save(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    client = sign_in(person("analyst", council))
    url = reverse("measures:target", args=[council.la_number, "assessments_45wd_pct"])
    response = client.post(url, {"target": "lots", "tolerance": "-1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Error: Target for" in page
    assert "govuk-error-summary" in page
    assert "Enter the target as a number" in page and "The tolerance cannot be negative" in page
    assert not MeasureTarget.objects.exists()


def test_target_form_saves(council_factory: Any, person: Any, sign_in: Any) -> None:
    council = council_factory()
    user = person("analyst", council)
    client = sign_in(user)
    url = reverse("measures:target", args=[council.la_number, "assessments_45wd_pct"])
    response = client.post(
        url, {"target": "90", "tolerance": "5", "reason": "Plan priority 2", "version": "0"}
    )
    assert response.status_code == 302
    target = MeasureTarget.objects.get(council=council)
    assert (target.target, target.tolerance, target.set_by) == (90, 5, user.username)


def test_context_measures_have_no_target_page(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    client = sign_in(person("analyst", council))
    assert (
        client.get(reverse("measures:target", args=[council.la_number, "cla_rate"])).status_code
        == 404
    )


def test_unknown_measure_is_404(council_factory: Any, person: Any, sign_in: Any) -> None:
    council = council_factory()
    client = sign_in(person("analyst", council))
    assert (
        client.get(reverse("measures:measure", args=[council.la_number, "nope"])).status_code == 404
    )


def test_population_form(council_factory: Any, person: Any, sign_in: Any) -> None:
    council = council_factory()
    client = sign_in(person("analyst", council))
    url = reverse("measures:population", args=[council.la_number])
    bad = client.post(url, {"year": "2026", "population": "0"})
    assert "The population must be 1 or more" in bad.content.decode()
    good = client.post(url, {"year": "2026", "population": "65000", "note": "ONS"})
    assert good.status_code == 302
    assert Population.objects.for_council(council).get().population == 65000


def test_population_form_names_the_ons_estimate_dfe_pairs_with_the_year(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    # DfE divides the year to 31 March 2026 by the ONS mid-2025 estimate (mid-(N-1)).
    council = council_factory()
    client = sign_in(person("analyst", council))
    url = reverse("measures:population", args=[council.la_number])
    page = client.get(url, {"year": "2026"}).content.decode()
    assert "year to 31 March 2026 that is the ONS mid-2025 estimate" in page
    assert "Use the ONS mid-2025 population estimate of children aged 0 to 17" in page


def test_target_form_in_a_stale_tab_is_refused_and_keeps_the_first_save(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    """Issue 15: two tabs load the empty target form; the first saves, the second is refused."""
    council = council_factory()
    client = sign_in(person("analyst", council))
    url = reverse("measures:target", args=[council.la_number, "assessments_45wd_pct"])
    assert 'name="version" value="0"' in client.get(url).content.decode()
    first = {"target": "90", "tolerance": "5", "reason": "Plan priority 2", "version": "0"}
    assert client.post(url, first).status_code == 302
    second = {"target": "70", "tolerance": "1", "reason": "", "version": "0"}
    response = client.post(url, second)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Someone else changed this target while you were editing it" in page
    assert 'name="version" value="1"' in page  # saving again now is a deliberate overwrite
    del second["version"]
    assert client.post(url, second).status_code == 200  # no version at all: refused, no 500
    target = MeasureTarget.objects.get(council=council)
    assert (target.target, target.tolerance, target.version) == (90, 5, 1)
