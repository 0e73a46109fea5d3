"""Impact evidence for improvement-plan actions raised from audit themes.

Registered with `thrive.plans.impact` from the app's ready(). For an action whose source is an
audit theme, it compares the share of audits showing that theme graded good or better in the
last three months with the three months before. It only reads the action's own council.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from thrive.audits.models import GOOD_OR_BETTER, Audit, LearningTheme
from thrive.audits.selectors import audit_theme_map
from thrive.plans.impact import ImpactEvidence, impact_cached

WINDOW_DAYS = 91
MEANINGFUL_CHANGE = 10  # percentage points
MINIMUM_AUDITS = 3
SOURCE = "Case audits"


def _good_share(audits: list[Audit]) -> int:
    good = sum(1 for audit in audits if audit.final_grade in GOOD_OR_BETTER)
    return round(100 * good / len(audits))


def theme_grade_evidence(
    *, theme: LearningTheme, today: date | None = None
) -> list[ImpactEvidence]:
    """Recent grades of audits showing `theme`, improving or worsening, with a reason."""
    today = today or timezone.localdate()
    recent_start = today - timedelta(days=WINDOW_DAYS)
    earlier_start = recent_start - timedelta(days=WINDOW_DAYS)
    submitted = Audit.objects.for_council(theme.council).filter(
        submitted_at__date__gt=earlier_start, submitted_at__date__lte=today
    )
    mapping = audit_theme_map(audits=submitted)
    ids = [pk for pk, themes in mapping.items() if theme.pk in themes]
    audits = list(submitted.filter(pk__in=ids).select_related("moderation"))
    recent = [a for a in audits if a.submitted_at and a.submitted_at.date() > recent_start]
    earlier = [a for a in audits if a.submitted_at and a.submitted_at.date() <= recent_start]
    url = reverse("audits:theme-detail", args=[theme.council.la_number, theme.pk])
    if len(recent) < MINIMUM_AUDITS:
        return []
    now = _good_share(recent)
    if len(earlier) >= MINIMUM_AUDITS:
        before = _good_share(earlier)
        change = now - before
        if change >= MEANINGFUL_CHANGE:
            rag, trend = "green", "improving"
        elif change <= -MEANINGFUL_CHANGE:
            rag, trend = "red", "worsening"
        else:
            rag, trend = "amber", "not clearly changing"
        reason = (
            f"Audits showing “{theme.name}”: {now}% good or better in the last three months "
            f"({len(recent)} audits) against {before}% in the three months before "
            f"({len(earlier)} audits): {trend}."
        )
    else:
        rag = "green" if now >= 70 else "red" if now < 40 else "amber"
        reason = (
            f"Audits showing “{theme.name}”: {now}% good or better in the last three months "
            f"({len(recent)} audits); too few earlier audits to show a trend."
        )
    return [ImpactEvidence(rag=rag, reason=reason, source=SOURCE, source_url=url)]


def audit_theme_impact(action: Any) -> list[ImpactEvidence]:
    """Impact provider: evidence for actions raised from an audit theme, else nothing."""
    if action.source_type != "audit_theme" or not str(action.source_id).isdigit():
        return []

    def read() -> list[ImpactEvidence]:
        theme = (
            LearningTheme.objects.for_council(action.council)
            .filter(pk=int(action.source_id))
            .select_related("council")
            .first()
        )
        return [] if theme is None else theme_grade_evidence(theme=theme)

    # Actions raised from the same theme share one read on a plan page.
    return impact_cached(("audit_theme", action.council_id, int(action.source_id)), read)
