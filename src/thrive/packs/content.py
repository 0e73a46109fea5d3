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


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _headlines(
    council: Council, as_at: date, measure_ids: tuple[str, ...] = HEADLINE_MEASURES
) -> list[dict[str, Any]]:
    """Each measure's latest value known by `as_at`, its 12-month trend, target and benchmarks."""
    from thrive.measures.models import MeasureTarget
    from thrive.measures.selectors import measure_page
    from thrive.metrics.registry import get

    rows = []
    cutoff = _month(as_at)
    targets = {t.measure_id: t for t in MeasureTarget.objects.for_council(council)}
    for measure_id in measure_ids:
        measure = get(measure_id)
        page = measure_page(council=council, measure=measure)
        known = [m for m in page.months if m.value is not None and m.period <= cutoff]
        series = known[-TREND_MONTHS:]
        year_ends = [m for m in page.years if m.period <= cutoff]
        latest = series[-1] if series else (year_ends[-1] if year_ends else None)
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


def _alerts(council: Council, as_at: date) -> list[dict[str, Any]]:
    from thrive.alerts.selectors import open_alerts

    return [
        {
            "measure": alert.measure_name,
            "period": alert.period,
            "reasons": list(alert.reasons),
            "value": alert.value,
            "previous": alert.previous_value,
            "target": alert.target,
            "raised_on": alert.raised_on.isoformat(),
        }
        for alert in open_alerts(council=council, as_at=as_at)
    ]


def board_pack_content(*, council: Council, as_at: date) -> dict[str, Any]:
    """The monthly Improvement Board pack's figures for `council`, as known on `as_at`."""
    month_start = as_at.replace(day=1)
    headlines = _headlines(council, as_at)
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
        "alerts": _alerts(council, as_at),
        "audits": _audits(council),
        "voice": _voice(council),
        "governance": _governance(council),
    }


# --- DfE progress update (quarterly or six-monthly) ----------------------------------------

WORKFORCE_MEASURES = ("caseload_avg", "vacancy_pct", "agency_pct", "turnover_pct", "sickness_pct")
DFE_SECTIONS = (
    ("priorities", "Progress against each priority"),
    ("measures", "Measures then and now"),
    ("workforce", "Workforce"),
    ("voice", "What children, young people and staff tell us"),
    ("risks", "Risks and issues"),
    ("next", "Priorities for the next period"),
)


def _then_and_now(
    council: Council, start: date, as_at: date, measure_ids: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Each measure at the start of the period and at its end (latest known values)."""
    rows = []
    for row in _headlines(council, as_at, measure_ids):
        before = [value for period, value in row["trend"] if period <= _month(start)]
        rows.append({**row, "then": before[-1] if before else None, "then_period": _month(start)})
    return rows


def dfe_update_content(*, council: Council, as_at: date, months: int = 3) -> dict[str, Any]:
    """The DfE progress update for the `months` to `as_at` (3: quarterly, 6: six-monthly)."""
    from thrive.voice.selectors import sentiment_by_source

    start_month = date(as_at.year, as_at.month, 1)
    for _ in range(months):
        start_month = (start_month - timedelta(days=1)).replace(day=1)
    plan = _plan(council, as_at, start_month)
    next_due: list[dict[str, Any]] = []
    if plan is not None:
        from thrive.plans.selectors import action_rows, plan_active

        horizon = as_at + timedelta(days=31 * months)
        for row in action_rows(council=council, plan=plan_active(council=council), today=as_at):
            due = row.action.effective_due_date
            if row.action.is_open and as_at < due <= horizon:
                next_due.append(
                    {"ref": row.action.ref, "title": row.action.title, "due": _iso(due)}
                )
    headlines = _then_and_now(council, start_month, as_at, HEADLINE_MEASURES)
    return {
        "council": council.name,
        "la_number": council.la_number,
        "as_at": as_at.isoformat(),
        "period_start": start_month.isoformat(),
        "month": as_at.strftime("%B %Y"),
        "period_label": f"{start_month:%B %Y} to {as_at:%B %Y}",
        "plan": plan,
        "headlines": headlines,
        "workforce": _then_and_now(council, start_month, as_at, WORKFORCE_MEASURES),
        "voice": _voice(council),
        "voice_by_source": [
            {"source": row["key"], "counts": row["counts"], "total": row["total"]}
            for row in sentiment_by_source(council=council)
        ],
        "special_cause": [
            {"id": h["id"], "name": h["name"], "period": h["period"], "value": h["value"]}
            for h in headlines
            if h["spc_signal"] == SPECIAL_CAUSE_CONCERN
        ],
        "next_due": sorted(next_due, key=lambda item: item["due"]),
    }


# --- Members' briefing (scrutiny and corporate parenting panels) ----------------------------

MEMBERS_SECTIONS = (
    ("summary", "How children's services are doing, in brief"),
    ("plan", "The improvement plan"),
    ("questions", "Questions councillors may wish to ask"),
)


def _direction(row: dict[str, Any]) -> str:
    """'better', 'worse' or 'about the same' over the trend, by the measure's polarity."""
    values = [value for _period, value in row["trend"] if value is not None]
    if len(values) < 2 or row["polarity"] not in {"up", "down"} or values[0] == values[-1]:
        return "about the same"
    rising = values[-1] > values[0]
    return "better" if rising == (row["polarity"] == "up") else "worse"


def members_briefing_content(*, council: Council, as_at: date) -> dict[str, Any]:
    """A plain-language summary for councillors, with questions drawn from the exceptions."""
    headlines = _headlines(council, as_at)
    plan = _plan(council, as_at, as_at.replace(day=1))
    questions: list[str] = []
    for row in headlines:
        if row["value"] is None:
            continue
        direction = _direction(row)
        row["direction"] = direction
        if row["rag"] == "red" or row["spc_signal"] == SPECIAL_CAUSE_CONCERN:
            questions.append(
                f"{row['name']} is off track. What is causing this, and when do officers "
                "expect it to improve?"
            )
        elif direction == "worse":
            questions.append(
                f"{row['name']} has got worse over the last year. Is this a concern, and what "
                "is being done?"
            )
    if plan is not None:
        if plan["overdue"]:
            questions.append(
                f"{len(plan['overdue'])} improvement plan actions are overdue. Which matter most "
                "to children, and what is stopping them?"
            )
        if plan["red_impact"]:
            questions.append(
                "Some completed or running actions are not yet making a difference for children "
                "(red for impact). How will we know when they do?"
            )
    questions.append(
        "What have children and young people told us recently, and what changed as a result?"
    )
    return {
        "council": council.name,
        "la_number": council.la_number,
        "as_at": as_at.isoformat(),
        "month": as_at.strftime("%B %Y"),
        "headlines": headlines,
        "plan": plan,
        "questions": questions,
        "voice": _voice(council)[:3],
    }
