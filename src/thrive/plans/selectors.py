"""Reads of the improvement plan: rows with both RAGs, exceptions, progress, timelines."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from thrive.councils.models import Council
from thrive.councils.permissions import can
from thrive.councils.roles import Action as Perm
from thrive.plans.impact import ImpactResult, impact_batch, impact_rag
from thrive.plans.models import (
    Action,
    ActionStatus,
    Milestone,
    Owner,
    Plan,
    PlanStatus,
    Priority,
    ProgressUpdate,
)
from thrive.plans.rag import DeliveryFacts, DeliveryResult, MilestoneFacts, delivery_rag

RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "": "Not yet known"}
RAG_TAGS = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}


def can_read_plan_detail(user: Any, council: Council) -> bool:
    """Action-level plan pages. Councillors read aggregate plan progress only (issue 7).

    roles.py has one VIEW_PLAN for both; the roles that may see detail are exactly those that
    also edit, own actions or read case-level data (everyone with VIEW_PLAN but councillors).
    """
    return can(user, Perm.VIEW_PLAN, council) and (
        can(user, Perm.EDIT_PLAN, council)
        or can(user, Perm.UPDATE_OWN_ACTIONS, council)
        or can(user, Perm.VIEW_CHILD_LEVEL, council)
    )


def can_update_action(user: Any, action: Action) -> bool:
    """Managers, directors and admins edit any action; owners update the actions they own."""
    if can(user, Perm.EDIT_PLAN, action):
        return True
    return bool(
        can(user, Perm.UPDATE_OWN_ACTIONS, action)
        and action.owner is not None
        and action.owner.user_id is not None
        and action.owner.user_id == user.pk
    )


def plan_active(*, council: Council) -> Plan | None:
    plans = Plan.objects.for_council(council)
    return plans.filter(status=PlanStatus.ACTIVE).first() or plans.first()


def action_delivery(action: Action, today: date | None = None) -> DeliveryResult:
    if action.delivery_override:
        return DeliveryResult(
            action.delivery_override,
            f"Set by hand: {action.delivery_override_reason}",
            overridden=True,
        )
    facts = DeliveryFacts(
        status=action.status,
        start_date=action.start_date,
        due_date=action.due_date,
        revised_due_date=action.revised_due_date,
        completed_on=action.completed_on,
        milestones=tuple(
            MilestoneFacts(m.title, m.due_date, m.completed_on) for m in action.milestones.all()
        ),
    )
    return delivery_rag(facts, today or timezone.localdate())


@dataclass
class ActionRow:
    action: Action
    delivery: DeliveryResult
    impact: ImpactResult
    latest_update: ProgressUpdate | None

    @property
    def overdue(self) -> bool:
        return self.action.is_open and self.action.effective_due_date < timezone.localdate()


def actions_queryset(*, council: Council, plan: Plan | None = None) -> QuerySet[Action]:
    qs = (
        Action.objects.for_council(council)
        .select_related("priority", "owner", "council", "recommendation")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-update_date", "-id")),
        )
    )
    if plan is not None:
        qs = qs.filter(priority__plan=plan)
    return qs


def action_row(action: Action, today: date | None = None) -> ActionRow:
    updates = list(action.updates.all())
    return ActionRow(
        action=action,
        delivery=action_delivery(action, today),
        impact=impact_rag(action),
        latest_update=updates[0] if updates else None,
    )


EXCEPTIONS = {
    "overdue": "Overdue",
    "red_delivery": "Red for delivery",
    "red_impact": "Red for impact",
}


def action_rows(
    *,
    council: Council,
    plan: Plan | None,
    priority: int | None = None,
    owner: int | None = None,
    delivery: str | None = None,
    impact: str | None = None,
    exception: str | None = None,
    today: date | None = None,
) -> list[ActionRow]:
    qs = actions_queryset(council=council, plan=plan)
    if priority:
        qs = qs.filter(priority_id=priority)
    if owner:
        qs = qs.filter(owner_id=owner)
    with impact_batch():  # each linked measure or theme read once for the page, not per action
        rows = [action_row(action, today) for action in qs]
    if delivery is not None and delivery != "any":
        rows = [r for r in rows if r.delivery.rag == delivery]
    if impact is not None and impact != "any":
        rows = [r for r in rows if r.impact.rag == impact]
    if exception == "overdue":
        rows = [r for r in rows if r.overdue]
    elif exception == "red_delivery":
        rows = [r for r in rows if r.delivery.rag == "red"]
    elif exception == "red_impact":
        rows = [r for r in rows if r.impact.rag == "red"]
    return rows


@dataclass
class PriorityProgress:
    priority: Priority
    total: int = 0
    complete: int = 0
    overdue: int = 0
    delivery: Counter[str] = field(default_factory=Counter)
    impact: Counter[str] = field(default_factory=Counter)

    @property
    def percent_complete(self) -> int:
        return round(100 * self.complete / self.total) if self.total else 0


def plan_progress(*, council: Council, plan: Plan) -> list[PriorityProgress]:
    """Aggregate progress per priority: counts only, for councillors and board packs."""
    progress = {
        p.pk: PriorityProgress(priority=p)
        for p in Priority.objects.for_council(council).filter(plan=plan)
    }
    for row in action_rows(council=council, plan=plan):
        item = progress[row.action.priority_id]
        item.total += 1
        item.complete += row.action.status == ActionStatus.COMPLETE
        item.overdue += row.overdue
        item.delivery[row.delivery.rag] += 1
        item.impact[row.impact.rag] += 1
    return list(progress.values())


def rag_totals(progress: list[PriorityProgress], which: str) -> list[tuple[str, str, int]]:
    totals: Counter[str] = Counter()
    for item in progress:
        totals.update(getattr(item, which))
    return [(rag, RAG_LABELS[rag], totals[rag]) for rag in ("red", "amber", "green", "")]


def owners(*, council: Council) -> QuerySet[Owner]:
    return Owner.objects.for_council(council).order_by("name")


@dataclass(frozen=True)
class DueItem:
    action: Action
    due: date
    overdue: bool
    what: str


def due_and_overdue(
    *, council: Council, user: Any, within_days: int = 14, today: date | None = None
) -> list[DueItem]:
    """Open actions and milestones this person owns that are overdue or due within 14 days."""
    today = today or timezone.localdate()
    items: list[DueItem] = []
    mine = actions_queryset(council=council).filter(owner__user=user)
    for action in mine:
        if not action.is_open:
            continue
        due = action.effective_due_date
        if (due - today).days <= within_days:
            items.append(DueItem(action, due, due < today, "Action"))
        for milestone in action.milestones.all():
            if milestone.completed_on is None and (milestone.due_date - today).days <= within_days:
                items.append(
                    DueItem(
                        action,
                        milestone.due_date,
                        milestone.due_date < today,
                        f"Milestone: {milestone.title}",
                    )
                )
    return sorted(items, key=lambda item: (item.due, item.action.ref))


# --- Timeline ------------------------------------------------------------------------------

SKIPPED_FIELDS = {"version", "updated_at", "created_at", "council", "created_by"}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    who: str
    title: str
    lines: tuple[str, ...] = ()
    update: ProgressUpdate | None = None


def _display(model: Any, name: str, value: Any) -> str:
    model_field = model._meta.get_field(name)
    if value in (None, "", []):
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _who(record: Any) -> str:
    user = record.history_user
    if user is None:
        return "System"
    return user.get_full_name() or user.username


def action_timeline(action: Action) -> list[TimelineEntry]:
    """Every change to the action (from its history), every update and milestone, newest first."""
    entries: list[TimelineEntry] = []
    records = list(action.history.order_by("history_date", "history_id"))
    previous = None
    for record in records:
        if previous is None:
            entries.append(TimelineEntry(record.history_date, _who(record), "Action created"))
        else:
            delta = record.diff_against(previous)
            lines = []
            for change in delta.changes:
                if change.field in SKIPPED_FIELDS:
                    continue
                label = getattr(Action._meta.get_field(change.field), "verbose_name", change.field)
                lines.append(
                    f"{str(label).capitalize()}: {_display(Action, change.field, change.old)} → "
                    f"{_display(Action, change.field, change.new)}"
                )
            if lines:
                entries.append(
                    TimelineEntry(record.history_date, _who(record), "Changed", tuple(lines))
                )
        previous = record
    for update in action.updates.select_related("author").prefetch_related("evidence"):
        author = update.author
        who = (author.get_full_name() or author.username) if author else "System"
        entries.append(
            TimelineEntry(
                update.created_at,
                who,
                f"Progress update for {update.update_date:%-d %B %Y}",
                (f"Status: {update.get_status_after_display()}",),
                update=update,
            )
        )
    for milestone in action.milestones.all():
        for m_record in milestone.history.order_by("history_date"):
            if m_record.history_type == "+":
                title = f"Milestone added: {milestone.title} (due {m_record.due_date:%-d %B %Y})"
            elif m_record.completed_on:
                title = f"Milestone done: {milestone.title} ({m_record.completed_on:%-d %B %Y})"
            else:
                title = f"Milestone changed: {milestone.title}"
            entries.append(TimelineEntry(m_record.history_date, _who(m_record), title))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
