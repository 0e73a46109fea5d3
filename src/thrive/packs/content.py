"""What goes into a pack: every figure read through the owning apps' selectors, as plain data.

`board_pack_content` returns a JSON-ready dict. A draft pack renders it live; issuing a pack
stores it as the pack's snapshot, so the issued document shows exactly the figures of the day
it was issued, however the data changes afterwards.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from thrive.councils.models import Council

# The figures the seeds' councils report to their boards, in the order boards read them.
HEADLINE_MEASURES = (
    "caseload_avg",
    "vacancy_pct",
    "agency_pct",
    "cla_rate",
    "cp_rate",
    "assessments_45wd_pct",
    "placements_3plus_pct",
    "leavers_1921_eet_pct",
)
SECTIONS = (
    ("headlines", "Headline measures"),
    ("plan", "Improvement plan progress"),
    ("exceptions", "Exceptions"),
    ("audits", "Quality assurance: audit grades and themes"),
    ("voice", "Voice of children and staff: you said, we did"),
    ("decisions", "Decisions needed and action log"),
)
SPECIAL_CAUSE_CONCERN = "concern"
TREND_MONTHS = 12


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _headlines(council: Council) -> list[dict[str, Any]]:
    from thrive.measures.models import MeasureTarget
    from thrive.measures.selectors import measure_page
    from thrive.metrics.registry import get

    rows = []
    targets = {t.measure_id: t for t in MeasureTarget.objects.for_council(council)}
    for measure_id in HEADLINE_MEASURES:
        measure = get(measure_id)
        page = measure_page(council=council, measure=measure)
        series = [m for m in page.months if m.value is not None][-TREND_MONTHS:]
        latest = series[-1] if series else page.latest_year
        target = targets.get(measure_id)
        rows.append(
            {
                "id": measure.id,
                "name": measure.name,
                "unit": measure.unit_label,
                "polarity": measure.polarity.value,
                "period": latest.period if latest else None,
                "value": latest.value if latest else None,
                "rag": latest.rag if latest else "",
                "spc_signal": latest.spc_signal if latest else "",
                "target": target.target if target else None,
                "trend": [[m.period, m.value] for m in series],
                "benchmarks": [
                    {"kind": b.kind, "label": b.label, "value": b.value, "year": b.year}
                    for b in page.benchmarks
                ],
            }
        )
    return rows


def _plan(council: Council, as_at: date, month_start: date) -> dict[str, Any] | None:
    from thrive.plans.models import Action
    from thrive.plans.selectors import action_rows, plan_active, plan_progress

    plan = plan_active(council=council)
    if plan is None:
        return None
    progress = plan_progress(council=council, plan=plan)
    rows = action_rows(council=council, plan=plan, today=as_at)

    def item(row: Any) -> dict[str, Any]:
        action = row.action
        return {
            "ref": action.ref,
            "title": action.title,
            "owner": action.owner.name if action.owner else "",
            "due": _iso(action.effective_due_date),
            "delivery": row.delivery.rag,
            "impact": row.impact.rag,
        }

    window = (
        timezone.make_aware(datetime.combine(month_start, time.min)),
        timezone.make_aware(datetime.combine(as_at + timedelta(days=1), time.min)),
    )
    revised_ids = set(
        Action.history.filter(
            council=council, history_date__gte=window[0], history_date__lt=window[1]
        )
        .exclude(revised_due_date=None)
        .values_list("id", flat=True)
    )
    revised = [
        {**item(row), "reason": row.action.revised_reason}
        for row in rows
        if row.action.pk in revised_ids
    ]
    return {
        "title": plan.title,
        "priorities": [
            {
                "title": p.priority.title,
                "total": p.total,
                "complete": p.complete,
                "overdue": p.overdue,
                "delivery": dict(p.delivery),
                "impact": dict(p.impact),
            }
            for p in progress
        ],
        "overdue": [
            item(r) for r in rows if r.action.is_open and r.action.effective_due_date < as_at
        ],
        "red_delivery": [item(r) for r in rows if r.delivery.rag == "red"],
        "red_impact": [item(r) for r in rows if r.impact.rag == "red"],
        "revised": revised,
    }


def _audits(council: Council) -> dict[str, Any]:
    from thrive.audits.models import GRADE_ORDER
    from thrive.audits.selectors import grade_distribution_by_month, theme_counts

    months = grade_distribution_by_month(council=council)[-6:]
    return {
        "grades": [str(g.label) for g in GRADE_ORDER],
        "months": [
            {"month": m["month"], "counts": m["counts"], "total": m["total"]} for m in months
        ],
        "themes": [
            {"theme": row.theme.name, "audits": row.audits, "good_or_better": row.good_or_better}
            for row in theme_counts(council=council)[:5]
            if row.audits
        ],
    }


def _voice(council: Council) -> list[dict[str, str]]:
    from thrive.voice.selectors import you_said_we_did_list

    entries = you_said_we_did_list(council=council, published_only=True).order_by("-published_at")
    return [
        {"audience": e.get_audience_display(), "you_said": e.you_said, "we_did": e.we_did}
        for e in entries[:6]
    ]


def _governance(council: Council) -> dict[str, Any]:
    from thrive.governance.models import LogAction, LogStatus

    open_log = (
        LogAction.objects.for_council(council)
        .filter(status=LogStatus.OPEN)
        .select_related("meeting__board")
        .order_by("due_date", "ref")
    )
    return {
        "log": [
            {
                "ref": log.ref,
                "text": log.text,
                "owner": log.owner_name,
                "due": _iso(log.due_date),
                "board": log.meeting.board.name,
            }
            for log in open_log
        ]
    }


def board_pack_content(*, council: Council, as_at: date) -> dict[str, Any]:
    """The monthly Improvement Board pack's figures for `council`, as known on `as_at`."""
    month_start = as_at.replace(day=1)
    headlines = _headlines(council)
    plan = _plan(council, as_at, month_start)
    concern = [
        {"id": h["id"], "name": h["name"], "period": h["period"], "value": h["value"]}
        for h in headlines
        if h["spc_signal"] == SPECIAL_CAUSE_CONCERN
    ]
    rag_counts = Counter(h["rag"] for h in headlines)
    return {
        "council": council.name,
        "la_number": council.la_number,
        "as_at": as_at.isoformat(),
        "month": as_at.strftime("%B %Y"),
        "headlines": headlines,
        "headline_rag": dict(rag_counts),
        "plan": plan,
        "special_cause": concern,
        "audits": _audits(council),
        "voice": _voice(council),
        "governance": _governance(council),
    }
