"""The audits dashboard: grades, moderation and overdue audits at a glance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thrive.audits import selectors
from thrive.audits.models import (
    GRADE_ORDER,
)
from thrive.audits.views.common import GRADE_SERIES
from thrive.councils.decorators import council_view
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.councils.scoping import current_council
from thrive.web import charts, palette


@council_view(Action.VIEW_AGGREGATE)
def dashboard(request: HttpRequest) -> HttpResponse:
    council = current_council(request)
    progress = selectors.programme_progress(council=council)
    by_month = selectors.grade_distribution_by_month(council=council)
    progress_chart = charts.stacked_bar_svg(
        chart_id="progress-chart",
        title="Audits completed and still to do, by programme",
        description="Completed audits and those still planned, for each audit programme.",
        categories=[row["programme"].name[:22] for row in progress],
        series=[
            charts.Series("Completed", palette.DONE),
            charts.Series("Still to do", palette.TO_DO),
        ],
        values=[[row["completed"], row["planned"] - row["completed"]] for row in progress],
    )
    grade_chart = charts.stacked_bar_svg(
        chart_id="grade-chart",
        title="Audit grades by month",
        description="Final grades (after moderation) of audits submitted each month.",
        categories=[row["month"] for row in by_month],
        series=GRADE_SERIES,
        values=[row["counts"] for row in by_month],
    )
    return render(
        request,
        "audits/dashboard.html",
        {
            "progress": progress,
            "progress_chart": progress_chart if progress else None,
            # The grade table names each row by `key` and shows the good-or-better share.
            "by_month": [
                {
                    **row,
                    "key": row["month"],
                    "good_percent": round(100 * sum(row["counts"][:2]) / row["total"]),
                }
                for row in by_month
            ],
            "grade_chart": grade_chart if by_month else None,
            "grades": GRADE_ORDER,
            "moderation": selectors.moderation_summary(council=council),
            "overdue": selectors.child_action_overdue_count(council=council),
            "overdue_audits": selectors.audit_overdue_count(council=council),
            "can_manage": can(request.user, Action.MANAGE_AUDIT_TOOLS, council),
            "can_audit": can(request.user, Action.RUN_AUDITS, council),
            "can_child": can(request.user, Action.VIEW_CHILD_LEVEL, council),
        },
    )
