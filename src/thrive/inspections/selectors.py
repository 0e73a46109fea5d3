"""Reads for inspection pages and the golden thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from thrive.councils.models import Council
from thrive.inspections.models import Inspection, Recommendation, StatutoryClock
from thrive.plans.selectors import ActionRow, action_row, actions_queryset


def inspections_for(*, council: Council) -> QuerySet[Inspection]:
    return (
        Inspection.objects.for_council(council)
        .prefetch_related("judgements", "clocks", "recommendations")
        .order_by("-start_date", "-id")
    )


@dataclass(frozen=True)
class ClockRow:
    clock: StatutoryClock
    status: str
    status_label: str
    working_days_left: int | None


def clock_rows(clocks: list[StatutoryClock], today: date | None = None) -> list[ClockRow]:
    from thrive.dates.working_days import working_days_between

    today = today or timezone.localdate()
    rows = []
    for clock in clocks:
        status = clock.status_on(today)
        left = working_days_between(today, clock.due_date) if clock.completed_on is None else None
        rows.append(ClockRow(clock, status.value, status.label, left))
    return rows


def open_clocks(*, council: Council) -> list[ClockRow]:
    clocks = list(
        StatutoryClock.objects.for_council(council)
        .filter(completed_on__isnull=True)
        .select_related("inspection")
    )
    return clock_rows(clocks)


@dataclass(frozen=True)
class MeasureTrend:
    measure_id: str
    points: list[tuple[str, float | None, str, str]]  # period, value, rag, spc


def measure_trend(*, council: Council, measure_id: str, months: int = 12) -> MeasureTrend:
    from thrive.measures.models import MeasureValue

    values = list(
        MeasureValue.objects.for_council(council)
        .filter(measure_id=measure_id, period_type="month", breakdown="")
        .order_by("-period")[:months]
    )
    points = [(v.period, v.value, v.rag, v.spc_signal) for v in reversed(values)]
    return MeasureTrend(measure_id, points)


@dataclass
class GoldenThread:
    recommendation: Recommendation
    rows: list[ActionRow]
    trends: list[MeasureTrend]


def golden_thread(*, council: Council, recommendation: Recommendation) -> GoldenThread:
    actions = actions_queryset(council=council).filter(recommendation=recommendation)
    rows = [action_row(action) for action in actions]
    measure_ids = sorted({m for row in rows for m in (row.action.measure_ids or [])})
    trends = [measure_trend(council=council, measure_id=m) for m in measure_ids]
    return GoldenThread(recommendation, rows, trends)
