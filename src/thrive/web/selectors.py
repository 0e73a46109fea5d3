"""What the council home page reads: the improvement at a glance, cut to the person's role.

Everything here is aggregate (no child is named or counted individually), so councillors and
board members see the same page; sections that need the plan (`VIEW_PLAN`) are left out for
roles without it (regional analysts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString

from thrive.alerts.models import Alert, AlertStatus
from thrive.audits.models import GRADE_ORDER
from thrive.audits.selectors import grade_distribution_by_month
from thrive.councils.models import Council
from thrive.councils.permissions import can
from thrive.councils.roles import Action
from thrive.governance.models import Meeting, MeetingStatus
from thrive.inspections.selectors import inspections_for, open_clocks
from thrive.measures.models import MeasureTarget, MeasureValue
from thrive.metrics.registry import Measure, measures
from thrive.packs.models import PackKind
from thrive.packs.selectors import pack_list
from thrive.plans.selectors import plan_active, plan_progress, rag_totals
from thrive.web.charts import sparkline

# The measures the seeds' councils report to their boards, in the order the page shows them:
# the workforce (year ends from the census), demand (context: no target, no RAG), then two
# monthly measures with targets whose SPC signal shows drift as it happens.
HEADLINE_MEASURES = (
    "caseload_avg",
    "vacancy_pct",
    "agency_pct",
    "cla_rate",
    "cla_count",
    "cp_rate",
    "assessments_45wd_pct",
    "placements_3plus_pct",
)
TREND_MONTHS = 12
AUDIT_MONTHS = 3


@dataclass(frozen=True)
class Headline:
    measure: Measure
    latest: MeasureValue | None
    """The latest monthly whole-council value (else the latest year end)."""
    target: MeasureTarget | None
    trend: list[float]
    """Up to the last 12 monthly values (else the year ends), oldest first."""
    spark: SafeString
    trend_text: str
    """The trend in words, for those who cannot see the sparkline."""


@dataclass(frozen=True)
class AuditMonth:
    month: str
    counts: list[tuple[str, int]]
    """(grade label, count) in grade order."""
    total: int


@dataclass
class CouncilHome:
    headlines: list[Headline]
    can_view_plan: bool
    plan: Any = None
    progress: list[Any] = field(default_factory=list)
    delivery_totals: list[tuple[str, str, int]] = field(default_factory=list)
    impact_totals: list[tuple[str, str, int]] = field(default_factory=list)
    actions_total: int = 0
    actions_complete: int = 0
    actions_overdue: int = 0
    inspection: Any = None
    clocks: list[Any] = field(default_factory=list)
    meeting: Any = None
    pack: Any = None
    open_alerts: int = 0
    audit_months: list[AuditMonth] = field(default_factory=list)

    @property
    def rag_pairs(self) -> list[tuple[tuple[str, str, int], tuple[str, str, int]]]:
        """(delivery, impact) totals side by side, one pair per RAG (red, amber, green, none)."""
        return list(zip(self.delivery_totals, self.impact_totals, strict=True))


def _trend_text(values: list[float], unit: str) -> str:
    if len(values) < 2:
        return f"Not enough {unit} for a trend"
    first, last = values[0], values[-1]
    if first == last:
        change = "no change"
    else:
        change = f"{'up' if last > first else 'down'} from {first:,.1f} to {last:,.1f}"
    return f"Last {len(values)} {unit}: {change}"


def headline_measures(
    *, council: Council, measure_ids: tuple[str, ...] = HEADLINE_MEASURES
) -> list[Headline]:
    """Latest value, 12-month trend, target, RAG and SPC of each headline measure, read in two
    queries (values, targets) whatever the number of measures."""
    by_id = {m.id: m for m in measures()}
    wanted = [by_id[m] for m in measure_ids if m in by_id]
    ids = [m.id for m in wanted]
    months: dict[str, list[MeasureValue]] = {}
    years: dict[str, list[MeasureValue]] = {}
    rows = (
        MeasureValue.objects.for_council(council)
        .filter(measure_id__in=ids, breakdown="", period_type__in=("month", "year"))
        .order_by("measure_id", "period")
    )
    for row in rows:
        if row.period_type == "month":
            months.setdefault(row.measure_id, []).append(row)
        else:
            years.setdefault(row.measure_id, []).append(row)
    targets = {
        t.measure_id: t
        for t in MeasureTarget.objects.for_council(council).filter(measure_id__in=ids)
    }
    headlines = []
    for measure in wanted:
        # Monthly measures trend over their last 12 months; year-end-only ones (the workforce
        # census) over their year ends.
        monthly = [v for v in months.get(measure.id, []) if v.value is not None]
        yearly = [v for v in years.get(measure.id, []) if v.value is not None]
        history = monthly[-TREND_MONTHS:] if monthly else yearly
        latest = history[-1] if history else None
        trend = [v.value for v in history if v.value is not None]
        unit = "months" if monthly else "year ends"
        headlines.append(
            Headline(
                measure=measure,
                latest=latest,
                target=targets.get(measure.id),
                trend=trend,
                spark=sparkline(trend, f"{measure.name}, last {len(trend)} {unit}"),
                trend_text=_trend_text(trend, unit),
            )
        )
    return headlines


def _audit_months(council: Council) -> list[AuditMonth]:
    recent = grade_distribution_by_month(council=council)[-AUDIT_MONTHS:]
    return [
        AuditMonth(
            month=row["month"],
            counts=[(grade.label, n) for grade, n in zip(GRADE_ORDER, row["counts"], strict=True)],
            total=row["total"],
        )
        for row in recent
    ]


def council_home(*, council: Council, user: Any, today: date | None = None) -> CouncilHome:
    """The council's improvement at a glance, for what this person's role may see."""
    today = today or timezone.localdate()
    home = CouncilHome(
        headlines=headline_measures(council=council),
        can_view_plan=can(user, Action.VIEW_PLAN, council),
        audit_months=_audit_months(council),
    )
    if not home.can_view_plan:
        return home

    home.plan = plan_active(council=council)
    if home.plan is not None:
        home.progress = plan_progress(council=council, plan=home.plan)
        home.delivery_totals = rag_totals(home.progress, "delivery")
        home.impact_totals = rag_totals(home.progress, "impact")
        home.actions_total = sum(p.total for p in home.progress)
        home.actions_complete = sum(p.complete for p in home.progress)
        home.actions_overdue = sum(p.overdue for p in home.progress)
    home.inspection = inspections_for(council=council).first()
    home.clocks = sorted(open_clocks(council=council), key=lambda row: row.clock.due_date)
    home.meeting = (
        Meeting.objects.for_council(council)
        .filter(date__gte=today, status=MeetingStatus.PLANNED)
        .select_related("board")
        .order_by("date", "id")
        .first()
    )
    packs = pack_list(council=council, user=user).filter(kind=PackKind.BOARD)
    if home.meeting is not None:
        packs = packs.filter(as_at__lte=home.meeting.date)
    home.pack = packs.order_by("-as_at", "-version").first()
    home.open_alerts = Alert.objects.for_council(council).filter(status=AlertStatus.OPEN).count()
    return home
