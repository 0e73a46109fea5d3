"""Reads for audits: who may see which audit, the dashboard and theme figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thrive.audits.models import (
    GRADE_ORDER,
    Audit,
    AuditAnswer,
    AuditProgramme,
    ChildAction,
    Grade,
    LearningTheme,
    Moderation,
    ModerationOutcome,
    YesNoPartly,
)
from thrive.councils.models import Council, Membership
from thrive.councils.roles import Action, Role, role_allows

# Roles that read every audit in their council (QA lead and admin manage them; the director
# and the DfE adviser oversee them). Everyone else sees only the audits that concern them.
ALL_AUDIT_ROLES = {Role.DIRECTOR.value, Role.ADVISER.value}

WEAK_ANSWERS = {Grade.REQUIRES_IMPROVEMENT.value, Grade.INADEQUATE.value, YesNoPartly.NO.value}


def sees_all_audits(membership: Membership) -> bool:
    return membership.role in ALL_AUDIT_ROLES or role_allows(
        membership.role, Action.MANAGE_AUDIT_TOOLS
    )


def audit_visible_list(*, council: Council, membership: Membership) -> QuerySet[Audit]:
    """Audits this person may open: all for QA, director and adviser; otherwise those assigned to
    them, of their own cases, that they moderate, with an action for the child they own, or
    (managers) of their team."""
    audits = Audit.objects.for_council(council)
    if sees_all_audits(membership):
        return audits
    user = membership.user
    mine = (
        Q(auditor=user)
        | Q(worker__iexact=user.username)
        | Q(moderation__moderator=user)
        | Q(child_actions__owner=user)
    )
    if membership.role == Role.MANAGER and membership.team:
        mine |= Q(team__iexact=membership.team)
    if not role_allows(membership.role, Action.VIEW_CHILD_LEVEL):
        return audits.none()
    return audits.filter(mine).distinct()


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _final_grade(audit: Audit) -> str:
    moderation = getattr(audit, "moderation", None)
    if moderation is not None and moderation.moderated_grade:
        return str(moderation.moderated_grade)
    return audit.overall_grade


def submitted_audits(*, council: Council) -> QuerySet[Audit]:
    return (
        Audit.objects.for_council(council)
        .filter(submitted_at__isnull=False)
        .select_related("moderation")
        .order_by("submitted_at")
    )


@dataclass
class ModerationSummary:
    submitted: int
    selected: int
    completed: int
    changed: int
    pending: int

    @property
    def moderation_rate(self) -> float | None:
        return self.selected / self.submitted if self.submitted else None

    @property
    def grade_change_rate(self) -> float | None:
        return self.changed / self.completed if self.completed else None


def moderation_summary(
    *, council: Council, programme: AuditProgramme | None = None
) -> ModerationSummary:
    audits = submitted_audits(council=council)
    moderations = Moderation.objects.for_council(council)
    if programme is not None:
        audits = audits.filter(programme=programme)
        moderations = moderations.filter(audit__programme=programme)
    completed = moderations.filter(completed_at__isnull=False)
    return ModerationSummary(
        submitted=audits.count(),
        selected=moderations.count(),
        completed=completed.count(),
        changed=completed.filter(outcome=ModerationOutcome.CHANGED).count(),
        pending=moderations.filter(completed_at__isnull=True).count(),
    )


def programme_progress(*, council: Council) -> list[dict[str, Any]]:
    rows = []
    # Both counts in the one query (two counts per programme made the dashboard an N+1).
    programmes = (
        AuditProgramme.objects.for_council(council)
        .select_related("tool")
        .annotate(
            audits_planned=Count("audits"),
            audits_completed=Count("audits", filter=Q(audits__submitted_at__isnull=False)),
        )
    )
    for programme in programmes:
        planned = programme.audits_planned
        completed = programme.audits_completed
        rows.append(
            {
                "programme": programme,
                "planned": planned,
                "completed": completed,
                "percent": round(100 * completed / planned) if planned else None,
            }
        )
    return rows


def grade_distribution_by_month(*, council: Council) -> list[dict[str, Any]]:
    """Final grades (after moderation) of submitted audits, per month of submission."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for audit in submitted_audits(council=council):
        assert audit.submitted_at is not None
        counts[month_key(timezone.localdate(audit.submitted_at))][_final_grade(audit)] += 1
    return [
        {
            "month": month,
            "counts": [counts[month][grade.value] for grade in GRADE_ORDER],
            "total": sum(counts[month].values()),
        }
        for month in sorted(counts)
    ]


def audit_overdue_count(*, council: Council, today: date | None = None) -> int:
    """Audits not yet submitted whose programme's period has ended."""
    today = today or timezone.localdate()
    return (
        Audit.objects.for_council(council)
        .filter(submitted_at__isnull=True, programme__period_end__lt=today)
        .count()
    )


def child_action_overdue_count(*, council: Council, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return (
        ChildAction.objects.for_council(council)
        .filter(completed_at__isnull=True, due_date__lt=today)
        .count()
    )


def audit_theme_map(*, audits: QuerySet[Audit]) -> dict[int, set[int]]:
    """Theme ids per audit: those the auditor tagged, plus themes of questions answered weakly
    (requires improvement, inadequate or no)."""
    themes: dict[int, set[int]] = defaultdict(set)
    through = Audit.themes.through.objects.filter(audit__in=audits)
    for audit_id, theme_id in through.values_list("audit_id", "learningtheme_id"):
        themes[audit_id].add(theme_id)
    weak = AuditAnswer.objects.filter(audit__in=audits, value__in=WEAK_ANSWERS).values_list(
        "audit_id", "question__themes"
    )
    for audit_id, theme_id in weak:
        if theme_id is not None:
            themes[audit_id].add(theme_id)
    return themes


@dataclass
class ThemeRow:
    theme: LearningTheme
    audits: int
    grades: list[int]  # in GRADE_ORDER

    @property
    def good_or_better(self) -> int:
        return self.grades[0] + self.grades[1]


def theme_counts(*, council: Council) -> list[ThemeRow]:
    audits = submitted_audits(council=council)
    mapping = audit_theme_map(audits=audits)
    grades = {audit.pk: _final_grade(audit) for audit in audits}
    rows = []
    for theme in LearningTheme.objects.for_council(council):
        ids = [audit_id for audit_id, themes in mapping.items() if theme.pk in themes]
        counter = Counter(grades[audit_id] for audit_id in ids if audit_id in grades)
        rows.append(ThemeRow(theme, len(ids), [counter[g.value] for g in GRADE_ORDER]))
    return sorted(rows, key=lambda row: (-row.audits, row.theme.name))


def theme_trend(*, council: Council, theme: LearningTheme | None, by: str) -> list[dict[str, Any]]:
    """Grade counts of submitted audits (final grades) by "month" or "team", for one theme or
    all audits when `theme` is None."""
    audits = submitted_audits(council=council)
    if theme is not None:
        mapping = audit_theme_map(audits=audits)
        audits = audits.filter(pk__in=[pk for pk, ids in mapping.items() if theme.pk in ids])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for audit in audits:
        assert audit.submitted_at is not None
        key = month_key(timezone.localdate(audit.submitted_at)) if by == "month" else audit.team
        counts[key or "Not recorded"][_final_grade(audit)] += 1
    rows = []
    for key in sorted(counts):
        grade_counts = [counts[key][grade.value] for grade in GRADE_ORDER]
        total = sum(grade_counts)
        rows.append(
            {
                "key": key,
                "counts": grade_counts,
                "total": total,
                "good_percent": round(100 * (grade_counts[0] + grade_counts[1]) / total),
            }
        )
    return rows


def theme_plan_actions(*, theme: LearningTheme) -> list[Any]:
    """Improvement-plan actions raised from this theme (linked by source type and id)."""
    from thrive.plans.models import Action as PlanAction

    return list(
        PlanAction.objects.for_council(theme.council)
        .filter(source_type="audit_theme", source_id=str(theme.pk))
        .select_related("priority")
    )
