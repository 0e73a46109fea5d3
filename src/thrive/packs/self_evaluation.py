"""The self-evaluation draft, in the three questions of Ofsted's annual engagement meeting.

Under the ILACS framework a council shares its self-evaluation of social work practice once a
year, before the annual engagement meeting, answering: what do we know about the quality and
impact of social work practice, how do we know it, and what are our plans for the next 12
months to maintain or improve practice. Thrive pre-fills each answer from the measures, the
case audits, children's and staff's views and the improvement plan; the author writes the
narrative in each section's commentary.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from thrive.councils.models import Council
from thrive.packs.content import HEADLINE_MEASURES, _direction, _headlines, _iso, _plan
from thrive.packs.evidence import audit_child_rows

SEF_SECTIONS = (
    ("know", "What do we know about the quality and impact of social work practice?"),
    ("how", "How do we know it?"),
    ("plans", "What are our plans for the next 12 months to maintain or improve practice?"),
)
YEAR = timedelta(days=365)


def _audit_year(council: Council, start: date, end: date) -> dict[str, Any]:
    """Final grades of the audits submitted after `start` up to `end`."""
    from thrive.audits.models import GOOD_OR_BETTER, GRADE_ORDER
    from thrive.audits.selectors import submitted_audits

    audits = list(
        submitted_audits(council=council).filter(
            submitted_at__date__gt=start, submitted_at__date__lte=end
        )
    )
    counts = Counter(audit.final_grade for audit in audits)
    good = sum(1 for audit in audits if audit.final_grade in GOOD_OR_BETTER)
    return {
        "label": f"{start + timedelta(days=1):%B %Y} to {end:%B %Y}",
        "total": len(audits),
        "grades": [counts[grade.value] for grade in GRADE_ORDER],
        "good_percent": round(100 * good / len(audits)) if audits else None,
    }


def _sources(council: Council, as_at: date) -> dict[str, Any]:
    """What the answers rest on: audits and moderation, returns, feedback, inspections."""
    from thrive.audits.models import AuditProgramme, Moderation, ModerationOutcome
    from thrive.inspections.models import Inspection
    from thrive.measures.models import MeasureValue
    from thrive.voice.models import Feedback, SourceType, YouSaidWeDid

    start = as_at - YEAR
    moderation = Moderation.objects.for_council(council).filter(
        completed_at__date__gt=start, completed_at__date__lte=as_at
    )
    latest = (
        MeasureValue.objects.for_council(council)
        .filter(period_type="month", breakdown="", period__lte=f"{as_at:%Y-%m}")
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    feedback = Counter(
        Feedback.objects.for_council(council)
        .filter(received_on__gt=start, received_on__lte=as_at)
        .values_list("source_type", flat=True)
    )
    inspections = Inspection.objects.for_council(council).filter(start_date__lte=as_at)
    return {
        "programmes": [
            {"name": p.name, "kind": p.get_kind_display(), "findings": p.findings}
            for p in AuditProgramme.objects.for_council(council)
            .filter(period_end__gt=start, period_start__lte=as_at)
            .order_by("period_start")
        ],
        "moderated": moderation.count(),
        "moderation_changed": moderation.filter(outcome=ModerationOutcome.CHANGED).count(),
        "latest_period": latest,
        "feedback": [
            {"source": str(SourceType(key).label), "count": count}
            for key, count in sorted(feedback.items())
        ],
        "feedback_total": sum(feedback.values()),
        "you_said_we_did": YouSaidWeDid.objects.for_council(council)
        .filter(published=True, published_at__date__lte=as_at)
        .count(),
        "inspections": [
            {"title": i.title, "grade": i.overall_grade_label, "summary": i.summary}
            for i in inspections.prefetch_related("judgements").order_by("-start_date")[:3]
        ],
    }


def self_evaluation_content(*, council: Council, as_at: date) -> dict[str, Any]:
    """The self-evaluation draft for `council` as known on `as_at`, the 12 months to it."""
    from thrive.audits.models import GRADE_ORDER

    headlines = _headlines(council, as_at, HEADLINE_MEASURES)
    for row in headlines:
        row["direction"] = _direction(row) if row["value"] is not None else ""
    plan = _plan(council, as_at, as_at.replace(day=1))
    next_year: list[dict[str, Any]] = []
    if plan is not None:
        from thrive.plans.selectors import action_rows, plan_active

        rows = action_rows(council=council, plan=plan_active(council=council), today=as_at)
        for action in (item.action for item in rows):
            due = action.effective_due_date
            if action.is_open and as_at < due <= as_at + YEAR:
                next_year.append(
                    {
                        "ref": action.ref,
                        "title": action.title,
                        "priority": action.priority.title,
                        "due": _iso(due),
                    }
                )
    audits = _audit_year(council, as_at - YEAR, as_at)
    return {
        "council": council.name,
        "la_number": council.la_number,
        "as_at": as_at.isoformat(),
        "month": as_at.strftime("%B %Y"),
        "period_label": f"{as_at - YEAR + timedelta(days=1):%B %Y} to {as_at:%B %Y}",
        "headlines": headlines,
        "off_track": [h["name"] for h in headlines if h["rag"] == "red"],
        "on_track": [h["name"] for h in headlines if h["rag"] == "green"],
        "grades": [str(grade.label) for grade in GRADE_ORDER],
        "audits": audits,
        "audit_years": [_audit_year(council, as_at - 2 * YEAR, as_at - YEAR), audits],
        "sources": _sources(council, as_at),
        "plan": plan,
        "next_year": sorted(next_year, key=lambda item: item["due"]),
    }


def self_evaluation_children(
    *, council: Council, priority: Any, as_at: date
) -> list[dict[str, Any]]:
    """The children whose audits are behind the draft's audit figures (screen only, logged)."""
    from thrive.audits.selectors import submitted_audits

    audits = (
        submitted_audits(council=council)
        .filter(submitted_at__date__gt=as_at - YEAR, submitted_at__date__lte=as_at)
        .select_related("programme")
    )
    return audit_child_rows(audits)
