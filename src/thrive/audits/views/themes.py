"""Learning themes from audits, their trends, and raising a plan action from one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.audits import selectors, services
from thrive.audits.forms import (
    RaisePlanActionForm,
    ThemeForm,
)
from thrive.audits.models import (
    GRADE_ORDER,
    LearningTheme,
)
from thrive.audits.views.common import GRADE_SERIES
from thrive.councils.decorators import council_view
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.councils.scoping import council_object, council_queryset, current_council
from thrive.web import charts


@council_view(Action.VIEW_AGGREGATE)
def theme_list(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    rows = selectors.theme_counts(council=council)
    chart = charts.stacked_bar_svg(
        chart_id="theme-chart",
        title="Audits showing each learning theme, by final grade",
        description="For each theme, the number of submitted audits tagged with it, by grade.",
        categories=[row.theme.name[:22] for row in rows],
        series=GRADE_SERIES,
        values=[row.grades for row in rows],
    )
    return render(
        request,
        "audits/theme_list.html",
        {
            "rows": rows,
            "chart": chart if rows else None,
            "grades": GRADE_ORDER,
            "can_manage": can(request.user, Action.MANAGE_AUDIT_TOOLS, council),
        },
    )


@council_view(Action.MANAGE_AUDIT_TOOLS)
def theme_create(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    form = ThemeForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        theme = services.learning_theme_create(
            council=council,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, f"Theme “{theme.name}” added.")
        return redirect("audits:theme-list", council.la_number)
    return render(request, "audits/theme_form.html", {"form": form})


@council_view(Action.VIEW_AGGREGATE)
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = current_council(request)
    theme = council_object(request, LearningTheme, pk=pk)
    by_month = selectors.theme_trend(council=council, theme=theme, by="month")
    by_team = selectors.theme_trend(council=council, theme=theme, by="team")
    context: dict[str, Any] = {
        "theme": theme,
        "by_month": by_month,
        "by_team": by_team,
        "grades": GRADE_ORDER,
        "month_chart": charts.stacked_bar_svg(
            chart_id="theme-month-chart",
            title=f"Grades of audits showing “{theme.name}”, by month",
            description="Final grades by month of submission.",
            categories=[row["key"] for row in by_month],
            series=GRADE_SERIES,
            values=[row["counts"] for row in by_month],
        )
        if by_month
        else None,
        "team_chart": charts.stacked_bar_svg(
            chart_id="theme-team-chart",
            title=f"Grades of audits showing “{theme.name}”, by team",
            description="Final grades by the case's team.",
            categories=[row["key"][:22] for row in by_team],
            series=GRADE_SERIES,
            values=[row["counts"] for row in by_team],
        )
        if by_team
        else None,
    }
    context.update(_theme_plan_context(request, theme))
    return render(request, "audits/theme_detail.html", context)


def _theme_plan_context(request: HttpRequest, theme: LearningTheme) -> dict[str, Any]:
    """Plan actions raised from the theme, and the link to raise one for those who may."""
    council = current_council(request)
    if not can(request.user, Action.VIEW_PLAN, council):
        return {}
    actions = selectors.theme_plan_actions(theme=theme)
    may_raise = can(request.user, Action.EDIT_PLAN, council) or can(
        request.user, Action.MANAGE_AUDIT_TOOLS, council
    )
    return {
        "plan_actions": actions,
        "raise_url": reverse("audits:theme-raise-action", args=[council.la_number, theme.pk])
        if may_raise
        else "",
    }


@council_view(Action.VIEW_PLAN)
def theme_raise_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise an improvement-plan action from a theme (plan editors and the QA team)."""
    from thrive.plans.models import Priority
    from thrive.plans.services import PlanError

    council = current_council(request)
    if not (
        can(request.user, Action.EDIT_PLAN, council)
        or can(request.user, Action.MANAGE_AUDIT_TOOLS, council)
    ):
        raise PermissionDenied("Your role does not allow raising plan actions.")
    theme = council_object(request, LearningTheme, pk=pk)
    priorities = council_queryset(request, Priority).select_related("plan")
    form = RaisePlanActionForm(
        request.POST or None,
        priorities=priorities,
        initial={"title": f"Improve practice: {theme.name}"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.theme_plan_action_raise(
                theme=theme, created_by=request.user, **form.cleaned_data
            )
        except PlanError as exc:
            form.add_error("title", str(exc))
        else:
            messages.success(request, f"Plan action {action.ref} raised from this theme.")
            return redirect("audits:theme-detail", council.la_number, theme.pk)
    return render(
        request,
        "audits/theme_raise_action.html",
        {"form": form, "theme": theme, "has_priorities": priorities.exists()},
    )
