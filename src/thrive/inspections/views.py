"""Inspection pages: list with clocks, detail, forms, golden thread, national landscape."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thrive.councils.decorators import council_view
from thrive.councils.permissions import can
from thrive.councils.roles import Action as Perm
from thrive.councils.scoping import council_object, current_council
from thrive.inspections import forms as inspection_forms
from thrive.inspections.frameworks import framework_for, grade_label
from thrive.inspections.models import Inspection, Recommendation, StatutoryClock
from thrive.inspections.reference import GRADE_ORDER, landscape, published_judgements
from thrive.inspections.selectors import clock_rows, golden_thread, inspections_for, open_clocks
from thrive.inspections.services import (
    InspectionError,
    StaleClockError,
    clock_complete,
    inspection_create,
    inspection_dates_set,
    recommendation_add,
)
from thrive.plans.selectors import can_read_plan_detail
from thrive.web import charts, palette, tables


def _can_edit(request: HttpRequest) -> bool:
    return can(request.user, Perm.EDIT_PLAN, current_council(request))


Row = dict[str, tables.Cell]


@council_view(Perm.VIEW_PLAN)
def inspection_list(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "inspections": inspections_for(council=council),
            "clocks": open_clocks(council=council),
            "can_edit": _can_edit(request),
        },
    )


@council_view(Perm.VIEW_PLAN)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = council_object(request, Inspection, pk=pk)
    framework = framework_for(inspection.framework)
    grades = {j.area: j.grade for j in inspection.judgements.all()}
    judgements = [
        (area.name, grade_label(grades[area.code]), grades[area.code])
        for area in framework.areas
        if area.code in grades
    ]
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "framework": framework,
            "judgements": judgements,
            "clocks": clock_rows(list(inspection.clocks.all())),
            "recommendations": inspection.recommendations.prefetch_related("actions"),
            "can_edit": _can_edit(request),
            "detail": can_read_plan_detail(request.user, current_council(request)),
        },
    )


@council_view(Perm.EDIT_PLAN)
def inspection_add(request: HttpRequest) -> HttpResponse:
    form = inspection_forms.InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("grade_")}
        try:
            inspection = inspection_create(
                council=current_council(request), judgements=form.judgements(), **data
            )
        except InspectionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Inspection recorded")
            return redirect(
                "inspections:inspection-detail", inspection.council.la_number, inspection.pk
            )
    return render(
        request,
        "inspections/form.html",
        {"form": form, "heading": "Record an inspection or visit"},
    )


@council_view(Perm.EDIT_PLAN)
def inspection_dates_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the date the final report or letter was received; the clocks are re-dated."""
    inspection = council_object(request, Inspection, pk=pk)
    form = inspection_forms.InspectionDatesForm(
        request.POST or None,
        end_date=inspection.end_date,
        initial={
            "received_date": inspection.received_date,
            "publication_date": inspection.publication_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            inspection_dates_set(inspection=inspection, **form.cleaned_data)
        except InspectionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Dates updated; the deadlines count from the date received")
            return redirect(
                "inspections:inspection-detail", inspection.council.la_number, inspection.pk
            )
    return render(
        request,
        "inspections/form.html",
        {
            "form": form,
            "heading": "When the report or letter was received and published",
            "inspection": inspection,
        },
    )


@council_view(Perm.EDIT_PLAN)
def recommendation_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = council_object(request, Inspection, pk=pk)
    form = inspection_forms.RecommendationForm(
        request.POST or None, initial={"kind": "recommendation"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            recommendation_add(inspection=inspection, **form.cleaned_data)
        except InspectionError as exc:
            form.add_error("text", str(exc))
        else:
            messages.success(request, "Recommendation added")
            return redirect(
                "inspections:inspection-detail", inspection.council.la_number, inspection.pk
            )
    return render(
        request,
        "inspections/form.html",
        {"form": form, "heading": "Add a recommendation", "inspection": inspection},
    )


@council_view(Perm.EDIT_PLAN)
def clock_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    clock = council_object(request, StatutoryClock, pk=pk)
    form = inspection_forms.ClockCompleteForm(
        request.POST or None, initial={"completed_on": clock.completed_on, "version": clock.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            clock_complete(
                clock=clock,
                completed_on=form.cleaned_data["completed_on"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleClockError as exc:
            # Show the current date and version; keep nothing of the refused change.
            clock.refresh_from_db()
            current = clock.completed_on.strftime("%d/%m/%Y") if clock.completed_on else ""
            form = inspection_forms.ClockCompleteForm(
                {"completed_on": current, "version": str(clock.version)}
            )
            form.is_valid()
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Deadline updated")
            return redirect(
                "inspections:inspection-detail", clock.council.la_number, clock.inspection_id
            )
    return render(
        request,
        "inspections/form.html",
        {
            "form": form,
            "heading": f"{clock.get_kind_display()}: record when it was sent",
            "inspection": clock.inspection,
        },
    )


@council_view(Perm.VIEW_PLAN)
def golden_thread_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_read_plan_detail(request.user, current_council(request)):
        raise PermissionDenied("Your role shows plan progress, not individual actions.")
    recommendation = council_object(request, Recommendation, pk=pk)
    thread = golden_thread(council=current_council(request), recommendation=recommendation)
    return render(
        request,
        "inspections/golden_thread.html",
        {"thread": thread, "recommendation": recommendation, "can_edit": _can_edit(request)},
    )


GRADE_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement": "Requires improvement",
    "inadequate": "Inadequate",
    "": "Not recorded",
}


def _grade_count_rows(key: str, groups: Iterable[tuple[Any, Sequence[int], int]]) -> list[Row]:
    """One row per group (region or year): a count per grade, keyed grade0..grade4, and total."""
    return [
        {key: str(name), "total": total, **{f"grade{i}": n for i, n in enumerate(counts)}}
        for name, counts, total in groups
    ]


@council_view(Perm.VIEW_AGGREGATE)
def national(request: HttpRequest) -> HttpResponse:
    """Every English council's latest ILACS overall judgement: by grade, region and year."""
    data = landscape()
    labels = [GRADE_LABELS[g] for g in GRADE_ORDER]
    series = [charts.Series(label, palette.grade_colour(label)) for label in labels]
    region_chart = charts.stacked_bar_svg(
        chart_id="by-region",
        title="Latest overall effectiveness judgement by region",
        description="Councils in each region by their latest judgement; the table below "
        "gives the same figures.",
        categories=[region for region, _counts, _total in data.by_region],
        series=series,
        values=[list(counts) for _region, counts, _total in data.by_region],
    )
    year_chart = charts.stacked_bar_svg(
        chart_id="by-year",
        title="Latest overall effectiveness judgement by year published",
        description="Councils by the year their latest report was published and its "
        "judgement; the table below gives the same figures.",
        categories=[str(year) for year, _counts, _total in data.years],
        series=series,
        values=[list(counts) for _year, counts, _total in data.years],
    )
    inadequate = sorted(
        (j for j in published_judgements().values() if j.overall == "inadequate"),
        key=lambda j: j.publication_date or j.end_date,
        reverse=True,
    )
    grade_columns = [
        tables.Column(f"grade{i}", label, numeric=True) for i, label in enumerate(labels)
    ]
    total = tables.Column("total", "Total", numeric=True)

    grade_table = tables.DataTable(
        id="councils-by-judgement",
        caption="Councils by latest overall effectiveness judgement",
        columns=[
            tables.Column("judgement", "Judgement"),
            tables.Column("councils", "Councils", numeric=True),
        ],
        rows=[{"judgement": GRADE_LABELS[g], "councils": n} for g, n in data.by_grade],
    )
    region_table = tables.DataTable(
        id="councils-by-region",
        caption="Councils by region and latest overall judgement",
        caption_size="s",
        columns=[tables.Column("region", "Region"), *grade_columns, total],
        rows=_grade_count_rows("region", data.by_region),
    )
    year_table = tables.DataTable(
        id="councils-by-year",
        caption="Councils by year their latest report was published",
        caption_size="s",
        columns=[tables.Column("year", "Year"), *grade_columns, total],
        rows=_grade_count_rows("year", data.years),
    )
    inadequate_table = tables.DataTable(
        id="councils-judged-inadequate",
        caption="Councils judged inadequate at their latest inspection, most recent first",
        caption_size="s",
        columns=[
            tables.Column("council", "Council"),
            tables.Column("region", "Region"),
            tables.Column("published", "Published"),
            tables.Column("report", "Report", sortable=False),
        ],
        rows=[
            {
                "council": j.name,
                "region": j.region,
                "published": j.publication_date,
                "report": "Report",
            }
            for j in inadequate
        ],
        links={"report": [j.report_url for j in inadequate]},
    )
    all_tables = [grade_table, region_table, year_table, inadequate_table]
    download = tables.table_download(request, *all_tables)
    if download is not None:
        return download
    return render(
        request,
        "inspections/national.html",
        {
            "data": data,
            "grade_table": tables.table_view(request, grade_table),
            "region_table": tables.table_view(request, region_table),
            "year_table": tables.table_view(request, year_table),
            "inadequate_table": tables.table_view(request, inadequate_table),
            "region_chart": region_chart,
            "year_chart": year_chart,
            "own": published_judgements().get(current_council(request).la_number),
        },
    )
