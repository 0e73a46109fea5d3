"""Measures pages: dashboard, one measure, the children behind a figure, targets, population."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thrive.councils.access import child_level_view
from thrive.councils.decorators import council_view
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.councils.scoping import council_queryset, current_council
from thrive.measures import selectors, services
from thrive.measures.forms import PopulationForm, TargetForm, mid_year_estimate_for
from thrive.measures.models import MeasureTarget, Population
from thrive.metrics.expr import Params
from thrive.metrics.periods import month_params, year_params
from thrive.metrics.registry import Measure, measures
from thrive.web.charts import sparkline, spc_chart


def _measure(measure_id: str) -> Measure:
    found = {m.id: m for m in measures()}.get(measure_id)
    if found is None:
        raise Http404("No such measure")
    return found


@council_view(Action.VIEW_AGGREGATE)
def dashboard(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    rows = selectors.measure_dashboard(council=council)
    areas: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        areas.setdefault(row.measure.area, []).append(
            {
                "row": row,
                "spark": sparkline(
                    row.series, f"Trend of {row.measure.name} over {len(row.series)} months"
                ),
            }
        )
    return render(
        request,
        "measures/dashboard.html",
        {
            "council": council,
            "areas": areas,
            "has_values": any(r.latest is not None for r in rows),
            "last_run": selectors.latest_recompute(council=council),
            "can_manage": can(request.user, Action.MANAGE_MEASURES, council),
        },
    )


@council_view(Action.VIEW_AGGREGATE)
def measure_detail(request: HttpRequest, measure_id: str) -> HttpResponse:
    council = current_council(request)
    page = selectors.measure_page(council=council, measure=_measure(measure_id))
    svg = (
        spc_chart(
            page.chart,
            [m.period for m in page.chart_months],
            f"{page.measure.name}: monthly values with mean and process limits",
        )
        if page.chart
        else None
    )
    return render(
        request,
        "measures/measure_detail.html",
        {
            "council": council,
            "measure": page.measure,
            "months": page.months,
            "years": page.years,
            "chart": page.chart,
            "svg": svg,
            "chart_rows": page.chart_rows,
            "latest_year": page.latest_year,
            "breakdowns": page.breakdowns,
            "benchmarks": page.benchmarks,
            "others": page.others,
            "target": page.target,
            "can_manage": can(request.user, Action.MANAGE_MEASURES, council),
            "can_drill": can(request.user, Action.VIEW_CHILD_LEVEL, council),
        },
    )


def _params(measure: Measure, period: str, period_type: str) -> Params:
    try:
        year, month = int(period[:4]), int(period[5:7])
        date(year, month, 1)
    except ValueError as error:
        raise Http404("No such period") from error
    if period_type == "month":
        return month_params(measure, year, month)
    return year_params(measure, year)


@council_view(Action.VIEW_AGGREGATE)
@child_level_view(what="Children behind a measure", purpose="Measure drill-down")
def measure_children(request: HttpRequest, measure_id: str) -> tuple[HttpResponse, Iterable[str]]:
    council = current_council(request)
    measure = _measure(measure_id)
    years = selectors.measure_series(council=council, measure_id=measure.id, period_type="year")
    period = request.GET.get("period") or (years[-1].period if years else "")
    period_type = "month" if request.GET.get("type") == "month" else "year"
    rows: list[dict[str, object]] = []
    if period:
        inputs = services.council_inputs(council=council)
        if inputs:
            engine = services.measures_engine()
            engine.load({council.la_number: inputs}, only=measure.tables)
            units = engine.units(
                measure, _params(measure, period, period_type), la=council.la_number
            )
            prefix = f"{council.la_number}:"
            for unit in units.to_dicts():
                subject = str(unit["subject"] or "")
                unit["subject"] = subject.removeprefix(prefix)
                rows.append(unit)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    response = render(
        request,
        "measures/measure_children.html",
        {
            "council": council,
            "measure": measure,
            "period": period,
            "period_type": period_type,
            "page": page,
            "total": len(rows),
            "in_numerator": sum(1 for r in rows if float(str(r["num"] or 0)) > 0),
            "query": f"period={period}&type={period_type}",
        },
    )
    shown = [str(r["subject"]) for r in page.object_list] if measure.child_level else []
    return response, shown


@council_view(Action.MANAGE_MEASURES)
def measure_target(request: HttpRequest, measure_id: str) -> HttpResponse:
    council = current_council(request)
    measure = _measure(measure_id)
    if measure.polarity.value == "context":
        raise Http404("Context measures are not scored")
    current = council_queryset(request, MeasureTarget).filter(measure_id=measure.id).first()
    initial = (
        {
            "target": current.target,
            "tolerance": current.tolerance,
            "reason": current.reason,
            "version": current.version,
        }
        if current
        else {"version": 0}
    )
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(
                council=council,
                measure_id=measure.id,
                target=form.cleaned_data["target"],
                tolerance=form.cleaned_data["tolerance"],
                set_by=request.user.get_username(),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleTargetError as exc:
            # Keep what they typed; point the form at the current version and show the target.
            current = council_queryset(request, MeasureTarget).filter(measure_id=measure.id).first()
            data = request.POST.copy()
            data["version"] = str(current.version if current else 0)
            form = TargetForm(data)
            form.is_valid()
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Target saved for {measure.name}.")
            return redirect("measures:measure", council.la_number, measure.id)
    return render(
        request,
        "measures/measure_target.html",
        {"council": council, "measure": measure, "form": form, "current": current},
    )


@council_view(Action.MANAGE_MEASURES)
def population(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    stored = list(council_queryset(request, Population).order_by("-year"))
    year_raw = request.POST.get("year") or request.GET.get("year") or ""
    year = int(year_raw) if year_raw.isdigit() else None
    form = PopulationForm(request.POST or None, year=year or date.today().year)
    if request.method == "POST" and year is None:
        form.add_error(None, "Choose the year to set")
    if request.method == "POST" and year is not None and form.is_valid():
        services.population_set(
            council=council,
            year=year,
            population=float(form.cleaned_data["population"]),
            source=Population.Source.ANALYST,
            note=form.cleaned_data["note"],
        )
        messages.success(request, f"Population for {year} saved. Recompute the measures to use it.")
        return redirect("measures:population", council.la_number)
    return render(
        request,
        "measures/population.html",
        {
            "council": council,
            "stored": stored,
            "form": form,
            "year": year or date.today().year,
            "mid_year": mid_year_estimate_for(year or date.today().year),
        },
    )


@council_view(Action.MANAGE_MEASURES)
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    from thrive.measures.tasks import measures_recompute

    council = current_council(request)
    measures_recompute.enqueue(council.pk)
    messages.success(request, "Recompute started. Figures update when it finishes.")
    return redirect("measures:dashboard", council.la_number)
