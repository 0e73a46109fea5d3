"""Statutory clocks: due dates in working days across bank holidays; due, soon, overdue, met."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from thrive.inspections.models import (
    ClockKind,
    ClockStart,
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
    inspection_dates_set,
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
    clock_complete(clock=clock, completed_on=date(2026, 7, 2), expected_version=clock.version)
    assert clock.status_on(date(2026, 9, 1)) == ClockStatus.MET
    clock_complete(clock=clock, completed_on=date(2026, 7, 3), expected_version=clock.version)
    assert clock.status_on(date(2026, 9, 1)) == ClockStatus.MET_LATE


def test_focused_visit_with_priority_actions_gets_draft_and_final_plan_clocks(
    council_factory: Any,
) -> None:
    """Ofsted: a draft plan within 20 working days and the final action plan within 70 working
    days of receiving the letter, which arrived a week before publication."""
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
        received_date=date(2025, 12, 12),
        publication_date=date(2025, 12, 19),
    )
    clocks = {
        c.kind: (c.starts_on, c.starts_from, c.working_days, c.due_date) for c in visit.clocks.all()
    }
    received = date(2025, 12, 12)
    # Worked by hand: 15-19, 22-24, 29-31 Dec, 2 Jan, 5-9 and 12-14 Jan (25, 26 Dec and
    # 1 Jan are bank holidays) is 20; then 50 more working days to 25 March (no holidays).
    assert clocks == {
        ClockKind.PRIORITY_DRAFT_PLAN: (received, ClockStart.RECEIVED, 20, date(2026, 1, 14)),
        ClockKind.PRIORITY_FINAL_PLAN: (received, ClockStart.RECEIVED, 70, date(2026, 3, 25)),
    }
    assert naive_add(received, 70, HOLIDAYS_2025_26) == date(2026, 3, 25)
    labels = {c.get_kind_display() for c in visit.clocks.all()}
    assert labels == {
        "Draft plan for the areas for priority action (20 working days)",
        "Final action plan for the areas for priority action (70 working days)",
    }


def test_without_a_date_received_clocks_count_from_publication_and_say_so(
    council_factory: Any,
) -> None:
    visit = _inspection(
        council_factory(),
        kind=InspectionKind.FOCUSED_VISIT,
        framework="visit",
        judgements={},
        has_priority_actions=True,
        start_date=date(2025, 11, 10),
        end_date=date(2025, 11, 11),
        publication_date=date(2025, 12, 19),
    )
    draft = visit.clocks.get(kind=ClockKind.PRIORITY_DRAFT_PLAN)
    assert (draft.starts_on, draft.starts_from, draft.due_date) == (
        date(2025, 12, 19),
        ClockStart.PUBLISHED,
        date(2026, 1, 21),
    )
    assert draft.received_not_recorded
    # Recording the date received re-dates both clocks from it.
    inspection_dates_set(
        inspection=visit, received_date=date(2025, 12, 12), publication_date=date(2025, 12, 19)
    )
    dues = {c.kind: (c.starts_from, c.due_date) for c in visit.clocks.all()}
    assert dues == {
        ClockKind.PRIORITY_DRAFT_PLAN: (ClockStart.RECEIVED, date(2026, 1, 14)),
        ClockKind.PRIORITY_FINAL_PLAN: (ClockStart.RECEIVED, date(2026, 3, 25)),
    }


def test_unpublished_visit_without_a_date_received_counts_from_the_last_day(
    council_factory: Any,
) -> None:
    jtai = _inspection(
        council_factory(),
        kind=InspectionKind.JTAI,
        framework="visit",
        judgements={},
        start_date=date(2026, 3, 16),
        end_date=date(2026, 3, 20),
        publication_date=None,
    )
    clock = jtai.clocks.get()
    assert (clock.kind, clock.starts_on, clock.starts_from) == (
        ClockKind.WRITTEN_STATEMENT,
        date(2026, 3, 20),
        ClockStart.LAST_DAY_ON_SITE,
    )
    assert clock.due_date == date(2026, 7, 2)  # as the standard inspection above


def test_standard_inspection_counts_70_days_from_the_date_received(council_factory: Any) -> None:
    inspection = _inspection(council_factory(), received_date=date(2026, 3, 13))
    clock = inspection.clocks.get()
    assert clock.starts_from == ClockStart.RECEIVED
    assert clock.due_date == naive_add(date(2026, 3, 13), 70, HOLIDAYS_SPRING_2026)
    assert clock.due_date == date(2026, 6, 25)  # a week earlier than from publication


def test_impossible_dates_received_are_refused(council_factory: Any) -> None:
    council = council_factory()
    with pytest.raises(InspectionError, match="after the last day on site"):
        _inspection(council, received_date=date(2026, 2, 12))
    with pytest.raises(InspectionError, match="before the publication date"):
        _inspection(council, received_date=date(2026, 3, 23))
    inspection = _inspection(council)
    with pytest.raises(InspectionError, match="before the publication date"):
        inspection_dates_set(
            inspection=inspection,
            received_date=date(2026, 3, 21),
            publication_date=date(2026, 3, 20),
        )
    inspection.refresh_from_db()
    assert inspection.received_date is None
    assert inspection.clocks.get().starts_from == ClockStart.PUBLISHED


def test_migration_marks_stand_ins_and_adds_the_final_plan_clock(council_factory: Any) -> None:
    """The data step of migration 0002 on records made before the date received existed."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "thrive.inspections.migrations.0002_received_date_and_final_plan_clock"
    )
    council = council_factory()
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
    unpublished = _inspection(
        council, start_date=date(2026, 5, 4), end_date=date(2026, 5, 15), publication_date=None
    )
    # As the old code left them: one draft-plan clock from publication, no stand-in marker.
    visit.clocks.filter(kind=ClockKind.PRIORITY_FINAL_PLAN).delete()
    StatutoryClock.objects.update(starts_from=ClockStart.RECEIVED)
    migration.mark_stand_ins_and_add_final_plans(apps, None)
    rows = {
        (c.inspection_id, c.kind): (c.starts_on, c.starts_from, c.due_date)
        for c in StatutoryClock.objects.all()
    }
    published = date(2025, 12, 19)
    assert rows == {
        (visit.pk, ClockKind.PRIORITY_DRAFT_PLAN): (
            published,
            ClockStart.PUBLISHED,
            date(2026, 1, 21),
        ),
        (visit.pk, ClockKind.PRIORITY_FINAL_PLAN): (
            published,
            ClockStart.PUBLISHED,
            naive_add(published, 70, HOLIDAYS_2025_26 | HOLIDAYS_SPRING_2026),
        ),
        (unpublished.pk, ClockKind.ACTION_PLAN): (
            date(2026, 5, 15),
            ClockStart.LAST_DAY_ON_SITE,
            naive_add(date(2026, 5, 15), 70, HOLIDAYS_SPRING_2026 | {date(2026, 8, 31)}),
        ),
    }


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
