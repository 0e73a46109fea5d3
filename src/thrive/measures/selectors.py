"""Reads of stored measure results, for pages and for other apps (e.g. a plan's impact RAG)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from thrive.councils.models import Council
from thrive.measures.models import MeasureTarget, MeasureValue, RecomputeRun
from thrive.metrics.registry import EnglandFigure, Measure, measures


@dataclass(frozen=True)
class MeasureSignal:
    """The latest monthly whole-council result of one measure."""

    measure_id: str
    period: str
    value: float | None
    rag: str
    spc_signal: str


def measure_latest_signal(*, council: Council, measure_id: str) -> MeasureSignal | None:
    """The latest monthly whole-council value; for year-end-only measures, the latest year."""
    rows = MeasureValue.objects.for_council(council).filter(measure_id=measure_id, breakdown="")
    latest = (
        rows.filter(period_type="month").order_by("-period").first()
        or rows.filter(period_type="year").order_by("-period").first()
    )
    if latest is None:
        return None
    return MeasureSignal(
        measure_id=measure_id,
        period=latest.period,
        value=latest.value,
        rag=latest.rag,
        spc_signal=latest.spc_signal,
    )


@dataclass(frozen=True)
class MeasureRow:
    """One line of the dashboard."""

    measure: Measure
    latest: MeasureValue | None
    target: MeasureTarget | None
    series: list[float]
    england: EnglandFigure | None


def _overall(council: Council, measure_id: str | None = None) -> QuerySet[MeasureValue]:
    rows = MeasureValue.objects.for_council(council).filter(breakdown="")
    return rows if measure_id is None else rows.filter(measure_id=measure_id)


def measure_series(*, council: Council, measure_id: str, period_type: str) -> list[MeasureValue]:
    return list(_overall(council, measure_id).filter(period_type=period_type).order_by("period"))


def measure_dashboard(*, council: Council) -> list[MeasureRow]:
    values: dict[str, list[MeasureValue]] = {}
    for row in _overall(council).order_by("period"):
        values.setdefault(row.measure_id, []).append(row)
    targets = {t.measure_id: t for t in MeasureTarget.objects.for_council(council)}
    rows = []
    for measure in measures():
        stored = values.get(measure.id, [])
        months = [v for v in stored if v.period_type == "month"]
        years = [v for v in stored if v.period_type == "year"]
        history = months or years
        latest = history[-1] if history else None
        rows.append(
            MeasureRow(
                measure=measure,
                latest=latest,
                target=targets.get(measure.id),
                series=[v.value for v in months if v.value is not None],
                england=measure.latest_england(),
            )
        )
    return rows


def measure_breakdowns(
    *, council: Council, measure_id: str, period: str, period_type: str
) -> dict[str, list[MeasureValue]]:
    rows = (
        MeasureValue.objects.for_council(council)
        .filter(measure_id=measure_id, period=period, period_type=period_type)
        .exclude(breakdown="")
        .order_by("breakdown", "breakdown_value")
    )
    grouped: dict[str, list[MeasureValue]] = {}
    for row in rows:
        grouped.setdefault(row.breakdown, []).append(row)
    return grouped


def deployment_comparison(
    *, council: Council, measure_id: str, period: str, period_type: str
) -> list[tuple[Council, float | None]]:
    """Other councils in this deployment that agreed to share aggregates, same period."""
    rows = (
        MeasureValue.objects.filter(
            measure_id=measure_id,
            period=period,
            period_type=period_type,
            breakdown="",
            council__regional_benchmarking_consent=True,
        )
        .exclude(council=council)
        .select_related("council")
        .order_by("council__name")
    )
    return [(row.council, row.value) for row in rows]


def latest_recompute(*, council: Council) -> RecomputeRun | None:
    return RecomputeRun.objects.for_council(council).order_by("-started_at", "-pk").first()
