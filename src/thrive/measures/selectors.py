"""Reads of stored measure results, for pages and for other apps (e.g. a plan's impact RAG)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from thrive.councils.models import Council
from thrive.measures.models import MeasureTarget, MeasureValue, RecomputeRun
from thrive.metrics import benchmarks
from thrive.metrics.expr import BREAKDOWNS
from thrive.metrics.registry import EnglandFigure, Measure, measures
from thrive.metrics.spc import XmR, xmr
from thrive.reference import statistical_neighbours


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


@dataclass(frozen=True)
class MeasurePage:
    """Everything one measure's page shows for a council, read from stored values."""

    measure: Measure
    months: list[MeasureValue]
    years: list[MeasureValue]
    chart: XmR | None
    """The XmR chart of the monthly values (None with too few months)."""
    chart_months: list[MeasureValue]
    """The months the chart plots (those with a value), in order."""
    chart_rows: list[dict[str, Any]]
    latest_year: MeasureValue | None
    breakdowns: list[tuple[str, Any]] = field(default_factory=list)
    benchmarks: list[Any] = field(default_factory=list)
    others: list[Any] = field(default_factory=list)
    target: MeasureTarget | None = None


def measure_page(*, council: Council, measure: Measure) -> MeasurePage:
    """One measure for a council: monthly SPC, year ends, breakdowns, benchmarks, target."""
    months = measure_series(council=council, measure_id=measure.id, period_type="month")
    years = measure_series(council=council, measure_id=measure.id, period_type="year")
    with_values = [m for m in months if m.value is not None]
    chart = xmr([m.value or 0.0 for m in with_values], measure.polarity.value)
    chart_rows = (
        [
            {"value": v, "special": side, "rules": ", ".join(sorted(rules))}
            for v, side, rules in zip(with_values, chart.special, chart.rules, strict=True)
        ]
        if chart
        else [{"value": v, "special": "", "rules": ""} for v in with_values]
    )
    latest_year = years[-1] if years else None
    if latest_year is None:
        return MeasurePage(measure, months, years, chart, with_values, chart_rows, None)
    breakdowns = measure_breakdowns(
        council=council, measure_id=measure.id, period=latest_year.period, period_type="year"
    )
    england = measure.latest_england()
    neighbours = council.statistical_neighbours or [
        n.neighbour_la_number for n in statistical_neighbours().get(council.la_number, [])[:10]
    ]
    bench = benchmarks.benchmarks(
        measure.id,
        year=min(int(latest_year.period[:4]), max(benchmarks.published_years())),
        la=council.la_number,
        region=council.region,
        neighbours=neighbours,
        england=(england.value, england.year, england.source) if england else None,
    )
    others = deployment_comparison(
        council=council, measure_id=measure.id, period=latest_year.period, period_type="year"
    )
    target = MeasureTarget.objects.for_council(council).filter(measure_id=measure.id).first()
    return MeasurePage(
        measure=measure,
        months=months,
        years=years,
        chart=chart,
        chart_months=with_values,
        chart_rows=chart_rows,
        latest_year=latest_year,
        breakdowns=[(BREAKDOWNS[k], v) for k, v in breakdowns.items()],
        benchmarks=bench,
        others=others,
        target=target,
    )
