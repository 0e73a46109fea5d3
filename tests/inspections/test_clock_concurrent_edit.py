"""No lost updates on a statutory clock (issue 15): two tabs load the deadline, the first
records the date sent, the second is refused with a clear message and the first's date stays."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.inspections.test_clocks import _inspection
from thrive.inspections.models import StatutoryClock
from thrive.inspections.services import STALE_CLOCK, StaleClockError, clock_complete

pytestmark = pytest.mark.django_db


def test_a_stale_tab_cannot_overwrite_the_date_sent(council_factory: Any) -> None:
    clock = StatutoryClock.objects.get(inspection=_inspection(council_factory()))
    tab_one, tab_two = (StatutoryClock.objects.get(pk=clock.pk) for _ in range(2))
    clock_complete(clock=tab_one, completed_on=date(2026, 7, 1), expected_version=tab_one.version)
    with pytest.raises(StaleClockError, match="Someone else changed this deadline"):
        clock_complete(clock=tab_two, completed_on=None, expected_version=tab_two.version)
    clock.refresh_from_db()
    assert clock.completed_on == date(2026, 7, 1) and clock.version == 2


def test_the_page_refuses_a_stale_or_missing_version_and_saves_nothing(
    council_factory: Any, person: Any, sign_in: Any
) -> None:
    council = council_factory()
    clock = StatutoryClock.objects.get(inspection=_inspection(council))
    client = sign_in(person("manager", council))
    url = f"/c/{council.la_number}/inspections/clocks/{clock.pk}/"
    assert 'name="version" value="1"' in client.get(url).content.decode()
    sent = {"completed_on": "1/7/2026"}
    first = client.post(url, {**sent, "version": "1"})
    assert first.status_code == 302
    for version in ("1", ""):  # the second tab, and a post that carries no version at all
        response = client.post(url, {"version": version})
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert STALE_CLOCK in client.post(url, {"version": "1"}).content.decode()
    clock.refresh_from_db()
    assert clock.completed_on == date(2026, 7, 1) and clock.version == 2
