"""Statutory clocks: due dates in working days across bank holidays; due, soon, overdue, met."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from thrive.inspections.models import (
    ClockKind,
    ClockStatus,
    Inspection,
    InspectionKind,
    StatutoryClock,
)
from thrive.inspections.services import (
    InspectionError,
    clock_complete,
    clock_due_date,
    inspection_create,
    recommendation_add,
)

# England and Wales bank holidays in the periods below, written out by hand.
HOLIDAYS_2025_26 = {date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1)}
HOLIDAYS_SPRING_2026 = {date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25)}


def naive_add(start: date, n: int, holidays: set[date]) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            n -= 1
    return day


def test_twenty_working_days_over_christmas() -> None:
    due = clock_due_date(starts_on=date(2025, 12, 19), working_days=20)
    assert due == date(2026, 1, 21)
    assert due == naive_add(date(2025, 12, 19), 20, HOLIDAYS_2025_26)


def test_seventy_working_days_over_easter_and_may() -> None:
    due = clock_due_date(starts_on=date(2026, 3, 20), working_days=70)
    assert due == naive_add(date(2026, 3, 20), 70, HOLIDAYS_SPRING_2026)
    assert due == date(2026, 7, 2)


def test_one_working_day_skips_good_friday_and_easter_monday() -> None:
    assert clock_due_date(starts_on=date(2026, 4, 2), working_days=1) == date(2026, 4, 7)


def _inspection(council: Any, **extra: Any) -> Any:
    values: dict[str, Any] = {
        "council": council,
        "kind": InspectionKind.STANDARD,
        "framework": "ilacs_2023",
        "start_date": date(2026, 2, 2),
        "end_date": date(2026, 2, 13),
        "publication_date": date(2026, 3, 20),
        "judgements": {"overall": "inadequate", "leaders": "inadequate"},
    }
    values.update(extra)
    return inspection_create(**values)


def test_standard_inspection_starts_the_70_day_action_plan_clock(council_factory: Any) -> None:
    inspection = _inspection(council_factory())
    clock = StatutoryClock.objects.get(inspection=inspection)
    assert clock.kind == ClockKind.ACTION_PLAN
    assert clock.due_date == date(2026, 7, 2)
    assert clock.status_on(date(2026, 5, 1)) == ClockStatus.DUE
    assert clock.status_on(date(2026, 6, 25)) == ClockStatus.DUE_SOON
    assert clock.status_on(date(2026, 7, 3)) == ClockStatus.OVERDUE
    clock_complete(clock=clock, completed_on=date(2026, 7, 2))
    assert clock.status_on(date(2026, 9, 1)) == ClockStatus.MET
    clock_complete(clock=clock, completed_on=date(2026, 7, 3))
    assert clock.status_on(date(2026, 9, 1)) == ClockStatus.MET_LATE


def test_focused_visit_with_priority_actions_gets_20_days(council_factory: Any) -> None:
    council = council_factory()
    without = _inspection(
        council,
        kind=InspectionKind.FOCUSED_VISIT,
        framework="visit",
        judgements={},
        start_date=date(2025, 11, 3),
        end_date=date(2025, 11, 4),
        publication_date=date(2025, 12, 19),
    )
    assert not without.clocks.exists()
    visit = _inspection(
        council,
        kind=InspectionKind.FOCUSED_VISIT,
        framework="visit",
        judgements={},
        has_priority_actions=True,
        start_date=date(2025, 11, 10),
        end_date=date(2025, 11, 11),
        publication_date=date(2025, 12, 19),
    )
    clock = visit.clocks.get()
    assert (clock.kind, clock.working_days, clock.due_date) == (
        ClockKind.PRIORITY_ACTION_PLAN,
        20,
        date(2026, 1, 21),
    )


def test_monitoring_visit_starts_no_clock(council_factory: Any) -> None:
    visit = _inspection(
        council_factory(), kind=InspectionKind.MONITORING_VISIT, framework="visit", judgements={}
    )
    assert not visit.clocks.exists()


def test_recommendations_are_kept_verbatim(council_factory: Any) -> None:
    inspection = _inspection(council_factory())
    words = "  The timeliness and quality of  assessments, including for disabled children.\n"
    first = recommendation_add(inspection=inspection, text=words, paragraph="41")
    second = recommendation_add(inspection=inspection, text="Supervision.", paragraph="52")
    assert first.text == words.strip()  # inner double space kept
    assert (first.number, second.number, second.paragraph) == (1, 2, "52")


def test_bad_judgements_and_dates_are_refused(council_factory: Any) -> None:
    council = council_factory()
    with pytest.raises(InspectionError, match="not a judgement area"):
        _inspection(council, judgements={"adoption": "good"})
    with pytest.raises(InspectionError, match="not a grade"):
        _inspection(council, judgements={"overall": "fine"})
    with pytest.raises(InspectionError, match="end date"):
        _inspection(council, end_date=date(2026, 1, 1))
    assert not Inspection.objects.filter(council=council).exists()  # nothing half-saved
