"""Reads for voice: counts for charts, shareable quotes, you said / we did."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from thrive.audits.models import LearningTheme
from thrive.councils.models import Council
from thrive.voice.models import (
    SENTIMENT_ORDER,
    Audience,
    Feedback,
    SourceType,
    YouSaidWeDid,
)


def sentiment_by_month(*, council: Council) -> list[dict[str, Any]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for received_on, sentiment in Feedback.objects.for_council(council).values_list(
        "received_on", "sentiment"
    ):
        counts[f"{received_on.year:04d}-{received_on.month:02d}"][sentiment] += 1
    return [
        {
            "key": month,
            "counts": [counts[month][s.value] for s in SENTIMENT_ORDER],
            "total": sum(counts[month].values()),
        }
        for month in sorted(counts)
    ]


def sentiment_by_source(*, council: Council) -> list[dict[str, Any]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for source, sentiment in Feedback.objects.for_council(council).values_list(
        "source_type", "sentiment"
    ):
        counts[source][sentiment] += 1
    return [
        {
            "key": str(SourceType(source).label),
            "counts": [counts[source][s.value] for s in SENTIMENT_ORDER],
            "total": sum(counts[source].values()),
        }
        for source in SourceType.values
        if counts[source]
    ]


def feedback_theme_counts(*, council: Council) -> list[tuple[LearningTheme, int]]:
    themes = (
        LearningTheme.objects.for_council(council)
        .annotate(n=Count("feedback"))
        .filter(n__gt=0)
        .order_by("-n", "name")
    )
    return [(theme, theme.n) for theme in themes]


def shareable_quotes(
    *, council: Council, audience: str | None = None, limit: int = 12
) -> list[Feedback]:
    """Recent feedback whose speakers agreed to be quoted (never any other)."""
    feedback = Feedback.objects.for_council(council).filter(consent_to_quote=True).exclude(quote="")
    if audience == Audience.CHILDREN:
        feedback = feedback.exclude(source_type__in=["staff", "partner"])
    elif audience == Audience.STAFF:
        feedback = feedback.filter(source_type="staff")
    return list(feedback.order_by("-received_on", "-id")[:limit])


def you_said_we_did_list(
    *, council: Council, published_only: bool, audience: str | None = None
) -> QuerySet[YouSaidWeDid]:
    entries = YouSaidWeDid.objects.for_council(council).prefetch_related("feedback", "actions")
    if published_only:
        entries = entries.filter(published=True)
    if audience in {Audience.CHILDREN, Audience.STAFF}:
        entries = entries.filter(audience__in=[audience, Audience.EVERYONE])
    return entries
