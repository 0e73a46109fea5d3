"""The monitoring-visit evidence pack: everything Thrive holds on one theme, as plain data.

A theme is a priority of the improvement plan. Councils in intervention write their plan's
priorities from Ofsted's recommendations and areas for priority action, and a monitoring visit
looks at one or two of those areas, so the priority is the unit a council assembles evidence
by. Everything else is reached through the priority's actions: the recommendations they answer,
the measures that show their impact, the audit learning themes they were raised from, the
feedback and "you said, we did" entries linked to them.

The pack itself holds aggregates only. The children behind the audit figures are listed by
`evidence_children`, on screen only, for roles that may see children, and every look is
access-logged (`packs.views.pack_children`); they never enter the snapshot or the PDF.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from thrive.councils.models import Council
from thrive.packs.content import _headlines, _iso

EVIDENCE_SECTIONS = (
    ("scope", "The theme and the recommendations in scope"),
    ("actions", "What we have done: actions and their impact"),
    ("measures", "What the figures show"),
    ("audits", "What case audits found"),
    ("voice", "What children, families and staff tell us"),
)
AUDIT_WINDOW_DAYS = 365


def _actions(council: Council, priority: Any, as_at: date) -> list[Any]:
    from thrive.plans.selectors import action_row, actions_queryset

    return [
        action_row(action, as_at)
        for action in actions_queryset(council=council).filter(priority=priority)
    ]


def _action_item(row: Any) -> dict[str, Any]:
    action = row.action
    update = row.latest_update
    return {
        "ref": action.ref,
        "title": action.title,
        "owner": action.owner.name if action.owner else "",
        "due": _iso(action.effective_due_date),
        "status": action.get_status_display(),
        "success_measure": action.success_measure,
        "delivery": row.delivery.rag,
        "delivery_reason": row.delivery.reason,
        "impact": row.impact.rag,
        "impact_reason": row.impact.reason,
        "impact_evidence": [
            {"rag": e.rag, "reason": e.reason, "source": e.source} for e in row.impact.evidence
        ],
        "latest_update": (
            {"date": _iso(update.update_date), "text": update.text} if update is not None else None
        ),
    }


def _recommendations(rows: list[Any]) -> list[dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        recommendation = row.action.recommendation
        if recommendation is None:
            continue
        entry = found.setdefault(
            recommendation.pk,
            {
                "inspection": recommendation.inspection.title,
                "kind": recommendation.get_kind_display(),
                "number": recommendation.number,
                "paragraph": recommendation.paragraph,
                "text": recommendation.text,
                "actions": [],
            },
        )
        entry["actions"].append(row.action.ref)
    return sorted(found.values(), key=lambda r: (r["inspection"], r["kind"], r["number"]))


def themes_in_scope(council: Council, action_ids: list[int]) -> list[Any]:
    """Audit learning themes the priority's actions were raised from or whose feedback they
    answer."""
    from thrive.audits.models import LearningTheme
    from thrive.plans.models import Action
    from thrive.voice.models import Feedback

    raised_from = [
        int(source)
        for source in Action.objects.for_council(council)
        .filter(pk__in=action_ids, source_type="audit_theme")
        .values_list("source_id", flat=True)
        if str(source).isdigit()
    ]
    via_feedback = Feedback.themes.through.objects.filter(
        feedback__council=council, feedback__actions__in=action_ids
    ).values_list("learningtheme_id", flat=True)
    return list(
        LearningTheme.objects.for_council(council).filter(pk__in={*raised_from, *via_feedback})
    )


def audits_in_scope(
    council: Council, themes: list[Any], as_at: date
) -> tuple[list[Any], dict[int, set[int]]]:
    """Submitted audits of the year to `as_at` that show any theme in scope (tagged, or weak
    answers on the theme's questions), oldest first, with the themes each shows."""
    from thrive.audits.selectors import audit_theme_map, submitted_audits

    if not themes:
        return [], {}
    audits = submitted_audits(council=council).filter(
        submitted_at__date__lte=as_at,
        submitted_at__date__gt=as_at - timedelta(days=AUDIT_WINDOW_DAYS),
    )
    wanted = {theme.pk for theme in themes}
    mapping = {pk: found for pk, found in audit_theme_map(audits=audits).items() if found & wanted}
    return list(audits.filter(pk__in=list(mapping)).select_related("programme")), mapping


def _audit_findings(council: Council, themes: list[Any], as_at: date) -> dict[str, Any]:
    from thrive.audits.models import GOOD_OR_BETTER, GRADE_ORDER, AuditProgramme

    audits, mapping = audits_in_scope(council, themes, as_at)
    by_id = {audit.pk: audit for audit in audits}
    rows = []
    for theme in themes:
        shown = [by_id[pk] for pk, found in mapping.items() if theme.pk in found and pk in by_id]
        counts = Counter(audit.final_grade for audit in shown)
        good = sum(1 for audit in shown if audit.final_grade in GOOD_OR_BETTER)
        rows.append(
            {
                "theme": theme.name,
                "audits": len(shown),
                "grades": [counts[grade.value] for grade in GRADE_ORDER],
                "good_percent": round(100 * good / len(shown)) if shown else None,
            }
        )
    programmes = (
        AuditProgramme.objects.for_council(council)
        .filter(themes__in=themes, period_start__lte=as_at)
        .exclude(findings="")
        .distinct()
        .order_by("-period_start")
    )
    return {
        "grades": [str(grade.label) for grade in GRADE_ORDER],
        "themes": rows,
        "total": len(audits),
        "good_or_better": sum(1 for a in audits if a.final_grade in GOOD_OR_BETTER),
        "programmes": [
            {
                "name": p.name,
                "period": f"{p.period_start:%-d %B %Y} to {p.period_end:%-d %B %Y}",
                "findings": p.findings,
            }
            for p in programmes
        ],
    }


def _feedback(
    council: Council, action_ids: list[int], themes: list[Any], as_at: date
) -> dict[str, Any]:
    from django.db.models import Q

    from thrive.voice.models import SENTIMENT_ORDER, Feedback, YouSaidWeDid

    feedback = list(
        Feedback.objects.for_council(council)
        .filter(Q(actions__in=action_ids) | Q(themes__in=themes), received_on__lte=as_at)
        .distinct()
        .order_by("-received_on", "-id")
    )
    sentiment = Counter(item.sentiment for item in feedback)
    sources = Counter(item.get_source_type_display() for item in feedback)
    loops = (
        YouSaidWeDid.objects.for_council(council)
        .filter(actions__in=action_ids, published=True, published_at__date__lte=as_at)
        .distinct()
        .order_by("-published_at")
    )
    return {
        "total": len(feedback),
        "sentiment": [
            {"label": str(s.label), "count": sentiment[s.value]} for s in SENTIMENT_ORDER
        ],
        "sources": [{"source": k, "count": v} for k, v in sorted(sources.items())],
        # Only quotes given with consent, attributed by role (Feedback.shareable_quote).
        "quotes": [
            {"quote": item.shareable_quote, "role": item.attributed_role or "not given"}
            for item in feedback
            if item.shareable_quote
        ][:6],
        "you_said_we_did": [
            {"audience": e.get_audience_display(), "you_said": e.you_said, "we_did": e.we_did}
            for e in loops
        ],
    }


def _latest_visit(council: Council, as_at: date) -> dict[str, Any] | None:
    from thrive.inspections.models import Inspection

    visit = (
        Inspection.objects.for_council(council)
        .filter(start_date__lte=as_at)
        .order_by("-start_date")
        .first()
    )
    if visit is None:
        return None
    return {"title": visit.title, "summary": visit.summary, "kind": visit.get_kind_display()}


def evidence_pack_content(*, council: Council, as_at: date, priority: Any = None) -> dict[str, Any]:
    """The evidence pack on `priority` (a plan priority) for `council`, as known on `as_at`."""
    from thrive.metrics.registry import REGISTRY, load

    base = {
        "council": council.name,
        "la_number": council.la_number,
        "as_at": as_at.isoformat(),
        "month": as_at.strftime("%B %Y"),
        "latest_visit": _latest_visit(council, as_at),
    }
    if priority is None:
        return {**base, "theme": None}
    rows = _actions(council, priority, as_at)
    action_ids = [row.action.pk for row in rows]
    load()
    measure_ids = tuple(
        sorted({m for row in rows for m in (row.action.measure_ids or []) if m in REGISTRY})
    )
    themes = themes_in_scope(council, action_ids)
    return {
        **base,
        "theme": {
            "number": priority.number,
            "title": priority.title,
            "description": priority.description,
            "plan": priority.plan.title,
        },
        "recommendations": _recommendations(rows),
        "actions": [_action_item(row) for row in rows],
        "delivery": dict(Counter(row.delivery.rag for row in rows)),
        "impact": dict(Counter(row.impact.rag for row in rows)),
        "measures": _headlines(council, as_at, measure_ids),
        "learning_themes": [theme.name for theme in themes],
        "audits": _audit_findings(council, themes, as_at),
        "voice": _feedback(council, action_ids, themes, as_at),
    }


def audit_child_rows(audits: Any) -> list[dict[str, Any]]:
    """One row per audited child: the child-level list behind a pack's audit figures."""
    return [
        {
            "child_id": audit.child_id,
            "programme": audit.programme.name,
            "team": audit.team,
            "submitted": audit.submitted_at.date().isoformat() if audit.submitted_at else None,
            "grade": audit.final_grade_label,
        }
        for audit in audits
    ]


def evidence_children(*, council: Council, priority: Any, as_at: date) -> list[dict[str, Any]]:
    """The children whose audits are behind the pack's audit figures (screen only, logged)."""
    if priority is None:
        return []
    rows = _actions(council, priority, as_at)
    themes = themes_in_scope(council, [row.action.pk for row in rows])
    return audit_child_rows(audits_in_scope(council, themes, as_at)[0])
